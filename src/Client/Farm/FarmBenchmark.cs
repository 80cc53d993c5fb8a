using System.Globalization;
using DwpFarm.Client.Specs;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;

namespace DwpFarm.Client.Farm;

/// <summary>
/// Measures the farm's scheduling overhead with a sweep of many short, real source-training
/// units that stops after the source phase, so every unit can run in parallel.
/// </summary>
public sealed class FarmBenchmark(IGrainFactory grains, Action<string> log)
{
    private const int ImagesPerClass = 100;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    /// <summary>The benchmark's units: small FConvMNIST runs on letters, <paramref name="epochs"/> long each.</summary>
    public static (SweepSpec Spec, string Text) Spec(string name, int units, int epochs)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"""
            # dwpfarm bench farm: many short source runs, no bank, prior or evaluations.
            name: {name}
            stopAfter: sources
            source:
              count: {units}
              imagesPerClass: {ImagesPerClass}
              testImages: 100
              widths: [16, 32]
              epochs: {epochs}
              batch: 64

            """);
        var (spec, errors) = SweepSpecReader.Read(text);
        return spec is not null ? (spec, text) : throw new ArgumentException($"benchmark spec rejected: {string.Join("; ", errors)}");
    }

    /// <summary>
    /// A warm-up sweep (two units per slot) loads data and torch on every silo and times one
    /// epoch; the measured sweep then sizes its units to about <paramref name="unitSeconds"/>.
    /// </summary>
    public async Task<FarmBenchmarkResult> RunAsync(int units, double unitSeconds, int slots, CancellationToken cancellationToken)
    {
        log($"warm-up: {2 * slots} one-epoch units on {slots} slots");
        var warm = await RunSweepAsync(Spec("bench-farm-warmup", 2 * slots, 1), cancellationToken);
        // The fastest warm-up unit: the first ones on each silo also generated the letters.
        var epochSeconds = warm.Units.Where(u => u.Result is not null).Select(u => u.Result!.Duration.TotalSeconds).DefaultIfEmpty(double.NaN).Min();
        if (!double.IsFinite(epochSeconds) || epochSeconds <= 0)
        {
            throw new InvalidOperationException("the warm-up sweep recorded no unit");
        }

        var epochs = (int)Math.Clamp(Math.Round(unitSeconds / epochSeconds), 1, 1000);
        log($"one epoch takes {epochSeconds:F2} s: {units} units of {epochs} epoch(s)");

        var measured = await RunSweepAsync(Spec("bench-farm", units, epochs), cancellationToken);
        var status = measured.Status;
        return FarmBenchmarkResult.From(measured.Units, slots, status.FinishedAt!.Value - status.SubmittedAt);
    }

    private async Task<SweepReport> RunSweepAsync((SweepSpec Spec, string Text) sweepSpec, CancellationToken cancellationToken)
    {
        var (spec, text) = sweepSpec;
        var id = SweepIds.New(spec.Name, DateTimeOffset.UtcNow);
        var sweep = grains.GetGrain<ISweepGrain>(id);
        await sweep.SubmitAsync(spec, text);
        var lastLog = DateTimeOffset.UtcNow;
        SweepStatus status;
        while (!(status = await sweep.GetStatusAsync()).Phase.IsFinished())
        {
            if (DateTimeOffset.UtcNow - lastLog >= LogInterval)
            {
                lastLog = DateTimeOffset.UtcNow;
                var sources = status.Phases[0];
                log($"{id}: {sources.Completed}/{sources.Total} units, {sources.Running} running");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        if (status.Phase != SweepPhase.Completed)
        {
            throw new InvalidOperationException($"benchmark sweep {id} ended {status.Phase}: {status.Message}");
        }

        return await sweep.GetReportAsync();
    }
}
