using System.Globalization;
using System.Text.Json;
using DwpFarm.Data;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Training;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Pipeline.Plan;
using DwpFarm.Pipeline.Units;

namespace DwpFarm.Pipeline.Trajectory;

/// <summary>
/// Trains one source net (net 0 of front 0 of the spec, so the same net a front of that spec starts with) and records
/// its kernels' statistics at every epoch end: when they split into dead and live, and when the live ones grow as
/// smooth and as large as the authors'. Hours long, so it keeps its latest epoch checkpoint in its folder and a
/// second run resumes from it; the trajectory so far is rewritten there after every epoch.
/// </summary>
public static class SourceTrajectory
{
    public const string CheckpointFile = "checkpoint.bin";
    public const string TrajectoryFile = "trajectory.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static IReadOnlyList<TrajectoryPoint> Run(SourceSpec spec, SpecDataSets data, string folder, Action<string> log, Action<int>? stepDone = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(folder);
        var (train, test, sha256) = data.SourceSplit(spec);
        var options = UnitOptions.Source(spec, PlanSeeds.Source(spec, 0));
        var initialNorms = options.Widths.InitialKernelNorms();
        var checkpointPath = Path.Combine(folder, CheckpointFile);
        var trajectoryPath = Path.Combine(folder, TrajectoryFile);
        var points = new List<TrajectoryPoint>();
        byte[]? resume = null;
        if (File.Exists(checkpointPath) && File.Exists(trajectoryPath))
        {
            resume = File.ReadAllBytes(checkpointPath);
            var stored = JsonSerializer.Deserialize<TrajectoryRecord>(File.ReadAllBytes(trajectoryPath), Json)
                ?? throw new InvalidDataException($"{trajectoryPath} is empty");
            var epochs = SourceCheckpoint.Read(resume).Epochs.Count;
            if (stored.Options != options.ToString() || stored.DataSha256 != sha256 || stored.Points.Count < epochs)
            {
                throw new DwpFarm.Dwp.DwpException($"{folder} holds a trajectory of other settings ({stored.Options}); use an empty folder");
            }

            points.AddRange(stored.Points.Take(epochs));
            log($"resuming from epoch {epochs} of {options.Epochs}");
        }

        var stepsPerEpoch = (train.Count + options.BatchSize - 1) / options.BatchSize;
        SourceTrainer.Train(train, test, options, resume, progress =>
        {
            var report = progress.Report;
            var kernels = SourceKernels.FromCheckpoint(progress.Checkpoint);
            var stats = kernels.Layers.Select((layer, l) => KernelStatistics.Of(layer, initialNorms[l])).ToArray();
            var rate = options.RateOfEpoch(report.Epoch, stepsPerEpoch);
            points.Add(new TrajectoryPoint(report.Epoch, rate, report.Loss, report.TrainAccuracy, report.TestAccuracy, report.Seconds, stats));

            // The trajectory first: a checkpoint is only ever paired with the points up to its epoch.
            AtomicFile.Write(trajectoryPath, JsonSerializer.SerializeToUtf8Bytes(new TrajectoryRecord(options.ToString(), sha256, train.Count, points), Json));
            AtomicFile.Write(checkpointPath, progress.Checkpoint);
            log(string.Create(CultureInfo.InvariantCulture, $"epoch {report.Epoch}/{options.Epochs} ({report.Seconds:F0} s): loss {report.Loss:F4}, test accuracy {report.TestAccuracy:F4}; conv1 {stats[0]}; conv2 {stats[1]}"));
        }, stepDone, device: null, cancellationToken);
        return points;
    }

    /// <summary>What <see cref="TrajectoryFile"/> holds.</summary>
    public sealed record TrajectoryRecord(string Options, string DataSha256, int TrainImages, IReadOnlyList<TrajectoryPoint> Points);
}
