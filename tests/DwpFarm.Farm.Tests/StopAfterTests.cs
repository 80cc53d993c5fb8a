using DwpFarm.Client.Farm;
using DwpFarm.Client.Specs;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Farm.Tests;

/// <summary>Sweeps that stop after an early phase, as the farm benchmark and bank-only sweeps use them.</summary>
[Collection(FarmCollection.Name)]
public sealed class StopAfterTests(FarmClusterFixture farm)
{
    [Fact]
    public async Task A_sweep_that_stops_after_sources_completes_with_only_its_source_runs()
    {
        var sweep = farm.Grains.GetGrain<ISweepGrain>("stop-sources-1");
        var spec = SweepSpecs.Small("stop-sources") with { StopAfter = SweepStages.Sources, Source = SweepSpecs.Small().Source with { Count = 5 } };

        var submitted = await sweep.SubmitAsync(spec, "name: stop-sources");
        var status = await SweepGrainTests.WaitForPhaseAsync(sweep, SweepPhase.Completed);

        Assert.Equal([SweepPhase.Sources], submitted.Phases.Select(p => p.Phase));
        Assert.Null(status.Message);
        var report = await sweep.GetReportAsync();
        Assert.Equal(5, report.Units.Count);
        Assert.All(report.Units, u => Assert.Equal((UnitKind.Source, UnitStatus.Completed), (u.Kind, u.Status)));
        Assert.All(report.Units, u => Assert.True(u.Result!.ScheduleLatency >= TimeSpan.Zero && u.Result.Duration > TimeSpan.Zero));
        Assert.Empty(DwpFarm.Pipeline.Statistics.Comparisons.Of(report));
        Assert.DoesNotContain(farm.Plan.Attempts, a => a.StartsWith("stop-sources-1/bank", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sweep_that_stops_after_the_prior_fits_the_vaes_and_runs_no_evaluation()
    {
        var sweep = farm.Grains.GetGrain<ISweepGrain>("stop-prior-1");

        await sweep.SubmitAsync(SweepSpecs.Small("stop-prior") with { StopAfter = SweepStages.Prior }, "name: stop-prior");
        var status = await SweepGrainTests.WaitForPhaseAsync(sweep, SweepPhase.Completed);

        Assert.Equal([SweepPhase.Sources, SweepPhase.Bank, SweepPhase.Prior], status.Phases.Select(p => p.Phase));
        var report = await sweep.GetReportAsync();
        Assert.Equal([(UnitKind.Bank, 1), (UnitKind.Source, 2), (UnitKind.Vae, 2)], report.Units.GroupBy(u => u.Kind).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())));
        Assert.All(report.Units, u => Assert.Equal(UnitStatus.Completed, u.Status));
    }

    [Fact]
    public async Task A_sweep_on_an_imported_bank_starts_at_the_bank_and_runs_no_source_unit()
    {
        var sweep = farm.Grains.GetGrain<ISweepGrain>("imported-bank-1");
        var spec = SweepSpecs.Small("imported-bank") with { StopAfter = SweepStages.Prior, Bank = SweepSpecs.Small().Bank with { Import = "/published/fconv" } };

        var submitted = await sweep.SubmitAsync(spec, "name: imported-bank");
        var status = await SweepGrainTests.WaitForPhaseAsync(sweep, SweepPhase.Completed);

        Assert.Equal(SweepPhase.Bank, submitted.Phase);
        Assert.Equal([SweepPhase.Bank, SweepPhase.Prior], status.Phases.Select(p => p.Phase));
        var report = await sweep.GetReportAsync();
        Assert.Equal([(UnitKind.Bank, 1), (UnitKind.Vae, 2)], report.Units.GroupBy(u => u.Kind).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())));
        Assert.DoesNotContain(farm.Plan.Attempts, a => a.StartsWith("imported-bank-1/source", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_stage_is_rejected_with_its_field()
    {
        var (spec, errors) = SweepSpecReader.Read("name: x\nstopAfter: bnak\n");

        Assert.Null(spec);
        var error = Assert.Single(errors);
        Assert.Equal("stopAfter", error.Path);
        Assert.Contains("sources, bank, prior, evaluations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_benchmark_spec_is_valid_yaml_that_stops_after_sources()
    {
        var (spec, text) = FarmBenchmark.Spec("bench-farm", 500, 3);

        Assert.Equal(SweepStages.Sources, spec.StopAfter);
        Assert.Equal((500, 3, 64), (spec.Source.Count, spec.Source.Epochs, spec.Source.Batch));
        Assert.Equal([16, 32], spec.Source.Widths);
        Assert.Contains("stopAfter: sources", text, StringComparison.Ordinal);
    }
}
