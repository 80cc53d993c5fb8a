using System.Text.Json;
using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Plan;
using DwpFarm.Storage.Artifacts;

namespace DwpFarm.Farm.Tests;

/// <summary>
/// A byte flipped (or a row lost) in a stored artifact: the unit that reads it fails naming the artifact and the
/// unit that wrote it, and <c>sweep retry</c> re-runs that unit and everything built on it, which rewrites the row
/// and ends with the results of an undamaged run. Scripted units read their inputs and derive their artifacts from
/// them, so two sweeps of one spec share rows, as the ML's do.
/// </summary>
[Collection(FarmCollection.Name)]
public sealed class ArtifactRepairTests(FarmClusterFixture farm)
{
    [Fact]
    public async Task A_corrupt_source_model_fails_the_bank_naming_it_and_retry_reruns_its_source_from_its_checkpoint()
    {
        var undamaged = await RunUndamagedAsync("model-ref");
        var (sweep, model, damaged) = await SubmitAndFlipAsync("model-1", SweepPhase.Bank, r => ResultOf<SourceRunResult>(r, "model-1/source/0001").Model);

        var failed = await SweepGrainTests.WaitForPhaseAsync(sweep, SweepPhase.Failed);
        var bank = (await sweep.GetReportAsync()).Units.Single(u => u.UnitId == "model-1/bank");
        Assert.Equal(UnitStatus.Failed, bank.Status);
        Assert.Equal(
            $"input source artifact {model.Sha256}, written by model-1/source/0001, is corrupt in the store (content hashes to {damaged}); `dwpfarm sweep retry` re-runs model-1/source/0001 to rewrite it",
            bank.Error);
        Assert.Equal(model, bank.UnreadableInput);
        Assert.Contains(bank.Error!, failed.Message, StringComparison.Ordinal);

        var retry = await sweep.RetryFailedAsync();

        Assert.Equal(new SweepRetry { Failed = 1, Producers = retry.Producers, Downstream = 0 }, retry);
        Assert.Equal(["model-1/source/0001"], retry.Producers);
        var report = await CompletedReportAsync(sweep);
        AssertSameResults(undamaged, report);
        Assert.Equal(model.Sha256, ResultOf<SourceRunResult>(report, "model-1/source/0001").Model.Sha256);
        Assert.Equal(ArtifactStore.HashOf(await Store().GetAsync(model.Sha256)), model.Sha256);
        Assert.Equal(1, farm.Plan.Attempts.Count(a => a == "model-1/source/0000"));
        Assert.Equal(2, farm.Plan.Attempts.Count(a => a == "model-1/bank"));

        // The source ran again from the checkpoint its first run recorded.
        var rerun = Assert.IsType<SourceRunWork>(farm.Plan.Works.Last(w => w.UnitId == "model-1/source/0001"));
        Assert.Equal(1, rerun.CompletedEpochs);
        Assert.Equal([rerun.Checkpoint!], rerun.Checkpoints);
    }

    [Fact]
    public async Task A_corrupt_vae_fails_every_evaluation_that_draws_on_it_and_retry_reruns_that_vae_alone()
    {
        var undamaged = await RunUndamagedAsync("vae-ref");
        var (sweep, weights, _) = await SubmitAndFlipAsync("vae-1", SweepPhase.Evaluations, r => ResultOf<VaeResult>(r, "vae-1/vae/conv2").Weights);

        // Failed evaluations complete the sweep with holes in its table; retry goes back to the prior phase.
        var holes = await SweepGrainTests.WaitForPhaseAsync(sweep, SweepPhase.Completed);
        // The DWP evaluations read the VAEs; the xavier ones read nothing of the front and completed.
        Assert.Equal(2, holes.Phases.Single(p => p.Phase == SweepPhase.Evaluations).Failed);
        var all = (await sweep.GetReportAsync()).Units.Where(u => u.Kind == UnitKind.Evaluation).ToList();
        Assert.All(all.Where(u => u.UnitId.Contains("/eval/xavier/", StringComparison.Ordinal)), u => Assert.Equal(UnitStatus.Completed, u.Status));
        var evaluations = all.Where(u => u.UnitId.Contains("/eval/dwp/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, evaluations.Count);
        Assert.All(evaluations, u => Assert.Equal(weights, u.UnreadableInput));
        Assert.All(evaluations, u => Assert.Contains($"artifact {weights.Sha256}, written by vae-1/vae/conv2, is corrupt", u.Error, StringComparison.Ordinal));

        var retry = await sweep.RetryFailedAsync();

        Assert.Equal((2, 0), (retry.Failed, retry.Downstream));
        Assert.Equal(["vae-1/vae/conv2"], retry.Producers);
        var report = await CompletedReportAsync(sweep);
        AssertSameResults(undamaged, report);
        Assert.Equal(1, farm.Plan.Attempts.Count(a => a == "vae-1/vae/conv1"));
        Assert.Equal(2, farm.Plan.Attempts.Count(a => a == "vae-1/vae/conv2"));
        Assert.Equal(1, farm.Plan.Attempts.Count(a => a == "vae-1/bank"));
    }

    [Fact]
    public async Task A_missing_bank_fails_the_vae_that_reads_it_and_retry_reruns_the_bank_and_the_vae_that_had_completed()
    {
        var undamaged = await RunUndamagedAsync("lost-ref");
        var sweep = farm.Grains.GetGrain<ISweepGrain>("lost-1");
        farm.Plan.Hold(id => id == "lost-1/vae/conv2");
        ArtifactRef bank;
        try
        {
            await sweep.SubmitAsync(SweepSpecs.Small("repair"), "name: repair");
            await SweepGrainTests.WaitForAsync(() => farm.Plan.Attempts.Contains("lost-1/vae/conv2"), "the conv2 VAE to start");
            var conv1 = farm.Grains.GetGrain<IVaeGrain>("lost-1/vae/conv1");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while ((await conv1.GetSummaryAsync()).Status != UnitStatus.Completed)
            {
                await Task.Delay(20, timeout.Token);
            }
            bank = ResultOf<BankResult>(await sweep.GetReportAsync(), "lost-1/bank").Bank;
            await StoredArtifacts.DeleteAsync(farm.Database, bank.Sha256);
        }
        finally
        {
            farm.Plan.Release();
        }

        await SweepGrainTests.WaitForPhaseAsync(sweep, SweepPhase.Failed);
        var vae = (await sweep.GetReportAsync()).Units.Single(u => u.UnitId == "lost-1/vae/conv2");
        Assert.Equal(
            $"input bank artifact {bank.Sha256}, written by lost-1/bank, is not in the store; `dwpfarm sweep retry` re-runs lost-1/bank to rewrite it",
            vae.Error);

        var retry = await sweep.RetryFailedAsync();

        // conv1 read the bank before it went: it runs again so that both priors come from the rewritten bank.
        Assert.Equal(new SweepRetry { Failed = 1, Producers = retry.Producers, Downstream = 1 }, retry);
        Assert.Equal(["lost-1/bank"], retry.Producers);
        var report = await CompletedReportAsync(sweep);
        AssertSameResults(undamaged, report);
        Assert.Equal(2, farm.Plan.Attempts.Count(a => a == "lost-1/vae/conv1"));
        Assert.Equal(1, farm.Plan.Attempts.Count(a => a == "lost-1/source/0000"));
        Assert.NotNull(await Store().FindAsync(bank.Sha256));
    }

    [Fact]
    public async Task A_reset_unit_ignores_the_reports_of_attempts_begun_before_it_and_waits_for_its_sweep()
    {
        var sweep = farm.Grains.GetGrain<ISweepGrain>("reset-1");
        await sweep.SubmitAsync(SweepSpecs.Small("reset"), "name: reset");
        await SweepGrainTests.WaitForPhaseAsync(sweep, SweepPhase.Completed);
        var unit = farm.Grains.GetGrain<IEvaluationGrain>("reset-1/eval/dwp/n100/s0");
        var recorded = await unit.GetSummaryAsync();

        var reset = await unit.ResetAsync();
        var accepted = await unit.CompleteAsync(recorded.Attempts, recorded.Result!);
        await unit.FailAsync(recorded.Attempts, "late failure");
        await unit.FailOnInputAsync(recorded.Attempts, recorded.Inputs[0], "late unreadable input");

        Assert.False(accepted);
        var after = await unit.GetSummaryAsync();
        Assert.Equal(UnitStatus.Pending, reset.Status);
        Assert.Equal((UnitStatus.Pending, null, null, null, null), (after.Status, after.Result, after.Error, after.UnreadableInput, after.Progress));
        Assert.Equal(recorded.Inputs, after.Inputs);
        Assert.Null(await unit.BeginAttemptAsync(new UnitLease(recorded.Attempts + 1, recorded.Attempts + 1, "silo")));
    }

    /// <summary>
    /// Submits the sweep and holds the units of <paramref name="phase"/> until a byte of the artifact
    /// <paramref name="pick"/> names is flipped; returns the artifact and what its damaged bytes hash to.
    /// </summary>
    private async Task<(ISweepGrain Sweep, ArtifactRef Artifact, string Damaged)> SubmitAndFlipAsync(string sweepId, SweepPhase phase, Func<SweepReport, ArtifactRef> pick)
    {
        var sweep = farm.Grains.GetGrain<ISweepGrain>(sweepId);
        // The xavier evaluations draw on no front and run at once; holding them would only keep the slots from the rest.
        var kind = PhaseTable.Row(phase).Kind;
        farm.Plan.Hold(id => UnitIds.KindOf(id) == kind && !id.Contains("/eval/xavier/", StringComparison.Ordinal));
        try
        {
            await sweep.SubmitAsync(SweepSpecs.Small("repair"), "name: repair");
            await SweepGrainTests.WaitForPhaseAsync(sweep, phase);
            var artifact = pick(await sweep.GetReportAsync());
            return (sweep, artifact, await StoredArtifacts.FlipByteAsync(farm.Database, artifact.Sha256));
        }
        finally
        {
            farm.Plan.Release();
        }
    }

    private static T ResultOf<T>(SweepReport report, string unitId)
        where T : UnitResult =>
        Assert.IsType<T>(report.Units.Single(u => u.UnitId == unitId).Result);

    /// <summary>Each unit's status and result, its id and the artifacts' producers without the sweep id, timings left out.</summary>
    private static void AssertSameResults(SweepReport expected, SweepReport actual)
    {
        Assert.Equal(Normalised(expected), Normalised(actual));

        static IEnumerable<string> Normalised(SweepReport report) => report.Units.Select(u =>
            $"{u.UnitId} {u.Status} {JsonSerializer.Serialize<object?>(u.Result is null ? null : u.Result with { Duration = default, ScheduleLatency = default })}"
                .Replace(report.Status.SweepId + "/", string.Empty, StringComparison.Ordinal));
    }

    private async Task<SweepReport> RunUndamagedAsync(string sweepId)
    {
        var sweep = farm.Grains.GetGrain<ISweepGrain>(sweepId);
        await sweep.SubmitAsync(SweepSpecs.Small("repair"), "name: repair");
        return await CompletedReportAsync(sweep);
    }

    private static async Task<SweepReport> CompletedReportAsync(ISweepGrain sweep)
    {
        var status = await SweepGrainTests.WaitForPhaseAsync(sweep, SweepPhase.Completed);
        Assert.Null(status.Message);
        var report = await sweep.GetReportAsync();
        Assert.All(report.Units, u => Assert.Equal(UnitStatus.Completed, u.Status));
        return report;
    }

    private ArtifactStore Store() => new(farm.Database, TimeProvider.System);
}
