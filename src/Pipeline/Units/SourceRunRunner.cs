using System.Diagnostics;
using System.Globalization;
using DwpFarm.Dwp.Training;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Plan;

namespace DwpFarm.Pipeline.Units;

/// <summary>Trains one source net on letters, checkpointing every epoch and resuming from the last good checkpoint.</summary>
public sealed class SourceRunRunner(SpecDataSets data) : IUnitRunner
{
    public string Kind => UnitKind.Source;

    public UnitResult Run(UnitWork work, IUnitRunContext context, CancellationToken cancellationToken)
    {
        var w = (SourceRunWork)work;
        var environment = RunEnvironment.Configure(context, w);
        var (train, test, sha256) = data.SourceSplit(w.Spec);
        var options = UnitOptions.Source(w);
        var (resume, resumedFrom) = SourceResume.Choose(w, context.ReadArtifact);
        var total = (long)train.Count * options.Epochs;
        var done = (long)train.Count * resumedFrom;
        var epochStarted = done;
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        void StepDone(int images)
        {
            // Live throughput between epoch ends, at most once a second.
            done += images;
            context.CountSteps(1);
            if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(1))
            {
                lastReport = clock.Elapsed;
                context.ReportProgress(new UnitProgress(done, total, (done - epochStarted) / Math.Max(1e-3, clock.Elapsed.TotalSeconds), "training"));
            }
        }

        var result = SourceTrainer.Train(train, test, options, resume, progress =>
        {
            epochStarted = done;
            clock.Restart();
            var report = progress.Report;
            context.Checkpoint(report.Epoch, context.WriteArtifact("checkpoint", progress.Checkpoint));
            context.ReportProgress(new UnitProgress(
                (long)train.Count * report.Epoch,
                total,
                report.SamplesPerSecond,
                string.Create(CultureInfo.InvariantCulture, $"epoch {report.Epoch}/{options.Epochs}: loss {report.Loss:F4}, test accuracy {report.TestAccuracy:F4}")));
        }, StepDone, RunEnvironment.Device(context), cancellationToken);

        return new Grains.Interfaces.Units.SourceRunResult
        {
            DataSha256 = sha256,
            Environment = environment,
            Model = context.WriteArtifact("model", result.Checkpoint),
            Epochs = [.. result.Epochs.Select(e => new EpochMetrics(e.Epoch, e.Loss, e.TrainAccuracy, e.TestAccuracy))],
            ResumedFromEpoch = resumedFrom,
        };
    }
}
