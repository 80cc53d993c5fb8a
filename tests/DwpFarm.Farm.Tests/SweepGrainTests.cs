using DwpFarm.Dwp.Initialization;
using DwpFarm.Grains.Execution;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Specs;
using DwpFarm.Pipeline.Statistics;
using DwpFarm.Storage.Queue;
using Microsoft.Extensions.DependencyInjection;

namespace DwpFarm.Farm.Tests;

[CollectionDefinition(Name)]
public sealed class FarmCollection : ICollectionFixture<FarmClusterFixture>
{
    public const string Name = "farm";
}

/// <summary>The sweep state machine on a real in-process silo and SQLite, with scripted units.</summary>
[Collection(FarmCollection.Name)]
public sealed class SweepGrainTests(FarmClusterFixture farm)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_sweep_moves_through_every_phase_and_records_each_unit_once()
    {
        var sweep = farm.Grains.GetGrain<ISweepGrain>("phases-1");
        (SweepPhase Phase, string Kind)[] order =
        [
            (SweepPhase.Sources, UnitKind.Source),
            (SweepPhase.Bank, UnitKind.Bank),
            (SweepPhase.Prior, UnitKind.Vae),
            (SweepPhase.Evaluations, UnitKind.Evaluation),
        ];

        // Each phase's units wait on a gate, so every phase is seen before the next begins. The xavier evaluations draw
        // on no front: with one source held, they run on the other slot while the sweep is still in its source phase.
        farm.Plan.HoldKinds(UnitKind.Bank, UnitKind.Vae);
        farm.Plan.Hold(id => id == "phases-1/source/0001");
        try
        {
            await sweep.SubmitAsync(SweepSpecs.Small(), "name: small");
            var beside = await WaitForStatusAsync(sweep, s => s.Phases.Single(p => p.Phase == SweepPhase.Evaluations).Completed == 2, "the xavier evaluations to complete");
            Assert.Equal(SweepPhase.Sources, beside.Phase);
            Assert.Equal(2, farm.Plan.Attempts.Count(a => a.StartsWith("phases-1/eval/xavier/", StringComparison.Ordinal)));
            Assert.DoesNotContain(farm.Plan.Attempts, a => a.StartsWith("phases-1/", StringComparison.Ordinal) && !a.Contains("/source/", StringComparison.Ordinal) && !a.Contains("/eval/xavier/", StringComparison.Ordinal));

            // Only the DWP evaluations are left of that phase; they wait on its gate.
            farm.Plan.HoldKinds(UnitKind.Evaluation);
            foreach (var (phase, kind) in order)
            {
                await WaitForPhaseAsync(sweep, phase);
                if (kind == UnitKind.Source)
                {
                    farm.Plan.Release();
                }
                else
                {
                    farm.Plan.ReleaseKind(kind);
                }
            }
        }
        finally
        {
            foreach (var (_, kind) in order)
            {
                farm.Plan.ReleaseKind(kind);
            }

            farm.Plan.Release();
        }

        Assert.Equal(SweepPhase.Completed, (await WaitForPhaseAsync(sweep, SweepPhase.Completed)).Phase);
        var report = await sweep.GetReportAsync();
        Assert.Equal(2 + 1 + 2 + 4, report.Units.Count);
        Assert.Equal(report.Units.Count, report.Units.Select(u => u.UnitId).Distinct().Count());
        Assert.All(report.Units, u => Assert.Equal(UnitStatus.Completed, u.Status));
        Assert.All(report.Units.Where(u => u.Kind != UnitKind.Evaluation), u => Assert.Single(u.Artifacts));
        var table = Assert.Single(Comparisons.Of(report));
        Assert.Equal([0, 5, 10], table.Steps);
        Assert.Equal(2, table.Methods["dwp"].N);
        Assert.Equal(0.8, table.Methods["dwp"].Mean[1], 6);
        Assert.Equal(0.6, table.Methods["xavier"].Mean[1], 6);
        Assert.Equal(0.905, table.Methods["xavier"].Mean[2], 6);
        Assert.Equal(report.Units.Count, farm.Plan.Attempts.Count(a => a.StartsWith("phases-1/", StringComparison.Ordinal)));
        Assert.True(farm.Messages.Largest < 1 << 20, $"largest message {farm.Messages.Largest} bytes ({farm.Messages.LargestMethod})");
    }

    [Fact]
    public async Task Cancel_withdraws_queued_work_and_starts_nothing_new()
    {
        var sweep = farm.Grains.GetGrain<ISweepGrain>("cancel-1");
        farm.Plan.Hold(id => id.StartsWith("cancel-1/source/", StringComparison.Ordinal));
        try
        {
            await sweep.SubmitAsync(SweepSpecs.Small("cancel"), "name: cancel");
            await WaitForAsync(() => farm.Plan.Attempts.Count(a => a.StartsWith("cancel-1/source/", StringComparison.Ordinal)) == 2, "both source runs to start");

            var status = await sweep.CancelAsync();

            Assert.Equal(SweepPhase.Cancelled, status.Phase);
        }
        finally
        {
            farm.Plan.Release();
        }

        var report = await sweep.GetReportAsync();
        // Only units that draw on no front (xavier) ran beside the held sources; none after them started.
        Assert.All(report.Units.Where(u => u.Kind != UnitKind.Source && u.Status != UnitStatus.Completed), u => Assert.Equal(UnitStatus.Cancelled, u.Status));
        Assert.DoesNotContain(farm.Plan.Attempts, a => a.StartsWith("cancel-1/", StringComparison.Ordinal) && !a.Contains("/source/", StringComparison.Ordinal) && !a.Contains("/eval/xavier/", StringComparison.Ordinal));
        Assert.Equal(SweepPhase.Cancelled, (await sweep.GetStatusAsync()).Phase);
    }

    [Fact]
    public async Task Retry_reruns_only_the_failed_units()
    {
        const string Failing = "retry-1/eval/xavier/n100/s1";
        var sweep = farm.Grains.GetGrain<ISweepGrain>("retry-1");
        farm.Plan.FailOnce(Failing);

        await sweep.SubmitAsync(SweepSpecs.Small("retry"), "name: retry");
        var first = await WaitForPhaseAsync(sweep, SweepPhase.Completed);
        Assert.Equal(1, first.Phases.Single(p => p.Phase == SweepPhase.Evaluations).Failed);
        var before = farm.Plan.Attempts.Where(a => a.StartsWith("retry-1/", StringComparison.Ordinal)).ToList();

        Assert.Equal(1, (await sweep.RetryFailedAsync()).Failed);
        var second = await WaitForPhaseAsync(sweep, SweepPhase.Completed);

        var rerun = farm.Plan.Attempts.Where(a => a.StartsWith("retry-1/", StringComparison.Ordinal)).Skip(before.Count).ToList();
        Assert.Equal([Failing], rerun);
        Assert.Equal(0, second.Phases.Single(p => p.Phase == SweepPhase.Evaluations).Failed);
        Assert.Null(second.Message);
    }

    [Fact]
    public async Task A_failed_source_fails_the_sweep_once_the_units_that_do_not_need_it_have_finished_and_retry_goes_on_from_there()
    {
        const string Failing = "stuck-1/source/0001";
        const string Held = "stuck-1/eval/xavier/n100/s0";
        var sweep = farm.Grains.GetGrain<ISweepGrain>("stuck-1");
        farm.Plan.FailOnce(Failing);
        farm.Plan.Hold(id => id == Held);
        try
        {
            await sweep.SubmitAsync(SweepSpecs.Small("stuck"), "name: stuck");

            // The source has failed, but an evaluation that does not need it still runs: the sweep is not stuck yet.
            var waiting = await WaitForStatusAsync(sweep, s => s.Phases.Single(p => p.Phase == SweepPhase.Sources).Failed == 1, "the source to fail");
            await WaitForAsync(() => farm.Plan.Attempts.Contains(Held), "the held evaluation to start");
            Assert.Equal(SweepPhase.Sources, (await sweep.GetStatusAsync()).Phase);
            Assert.Null(waiting.Message);
        }
        finally
        {
            farm.Plan.Release();
        }

        var failed = await WaitForPhaseAsync(sweep, SweepPhase.Failed);
        Assert.StartsWith($"1 of 2 source runs failed (first: {Failing}: ", failed.Message, StringComparison.Ordinal);
        Assert.Equal(2, failed.Phases.Single(p => p.Phase == SweepPhase.Evaluations).Completed);
        Assert.DoesNotContain(farm.Plan.Attempts, a => a.StartsWith("stuck-1/", StringComparison.Ordinal) && !a.Contains("/source/", StringComparison.Ordinal) && !a.Contains("/eval/xavier/", StringComparison.Ordinal));

        Assert.Equal(1, (await sweep.RetryFailedAsync()).Failed);
        var completed = await WaitForPhaseAsync(sweep, SweepPhase.Completed);

        Assert.Null(completed.Message);
        Assert.Equal(2, farm.Plan.Attempts.Count(a => a == Failing));
        Assert.Equal(1, farm.Plan.Attempts.Count(a => a == Held));
    }

    [Fact]
    public async Task A_bayes_unit_whose_kl_turns_nan_on_every_run_is_recorded_as_failed_not_as_a_result()
    {
        const string Diverging = "nan-1/eval/sn/n100/s1";
        const string Error = Diverging + ": bayes: the sn KL term became NaN at step 2; a rerun with the same seed reproduces it";
        var sweep = farm.Grains.GetGrain<ISweepGrain>("nan-1");
        farm.Plan.DivergeAlways(Diverging);

        await sweep.SubmitAsync(SweepSpecs.SmallBayes("nan"), "name: nan");
        var status = await WaitForPhaseAsync(sweep, SweepPhase.Completed);

        Assert.Equal(1, status.Phases.Single(p => p.Phase == SweepPhase.Evaluations).Failed);
        var report = await sweep.GetReportAsync();
        var failed = report.Units.Single(u => u.UnitId == Diverging);
        Assert.Equal(UnitStatus.Failed, failed.Status);
        Assert.Null(failed.Result);
        Assert.Equal(1, failed.Attempts);
        Assert.Equal(Error, failed.Error);
        Assert.Equal(2, farm.Plan.Attempts.Count(a => a == Diverging));
        var table = Assert.Single(Comparisons.Of(report));
        Assert.Equal([10], table.Steps);
        Assert.Equal(1, table.Methods["sn"].N);
        Assert.Equal(0.70, table.Methods["sn"].Mean[0], 6);
        Assert.Equal(2, table.Methods["dwp"].N);

        // The report sets the measured cells beside the authors' and counts only the completed seeds.
        var fewShot = Client.Reports.FewShotTable.From(report)!;
        var sn = fewShot.Rows.Single(r => r.Prior == "sn").Cells.Single();
        Assert.Equal((1, 0.816), (sn.Measured!.N, sn.Paper!.Value));
        Assert.Equal(0.70 - 0.816, sn.Difference!.Value, 6);
        Assert.Single(Client.Farm.ComparisonView.Tables(report));
        var folder = Directory.CreateTempSubdirectory("dwpfarm-nan-report-").FullName;
        try
        {
            new Client.Reports.ReportWriter(_ => throw new InvalidOperationException("no artifacts needed"))
                .Write(report with { Units = [.. report.Units.Where(u => u.Kind == UnitKind.Evaluation)] }, folder);
            var markdown = await File.ReadAllTextAsync(Path.Combine(folder, "report.md"));
            Assert.Contains("| sn | 0.700 ± 0.000 (n = 1) / 0.816 / -0.116 |", markdown, StringComparison.Ordinal);
            Assert.Contains("| dwp | 0.805 ± 0.007 (n = 2) / 0.867 / -0.062 |", markdown, StringComparison.Ordinal);
            Assert.Contains(Error, markdown, StringComparison.Ordinal);
            Assert.Contains("\"fewshot\"", await File.ReadAllTextAsync(Path.Combine(folder, "results.json")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_nan_that_a_rerun_does_not_reproduce_is_a_transient_defect_and_never_a_result()
    {
        const string Flaky = "nan-2/eval/sn/n100/s1";
        var sweep = farm.Grains.GetGrain<ISweepGrain>("nan-2");
        farm.Plan.DivergeOnce(Flaky);

        await sweep.SubmitAsync(SweepSpecs.SmallBayes("nan"), "name: nan");
        var status = await WaitForPhaseAsync(sweep, SweepPhase.Completed);

        // Run 1 diverges, its rerun in the same attempt does not: the attempt is handed back, the next one completes.
        Assert.Equal(0, status.Phases.Single(p => p.Phase == SweepPhase.Evaluations).Failed);
        var unit = (await sweep.GetReportAsync()).Units.Single(u => u.UnitId == Flaky);
        Assert.Equal(UnitStatus.Completed, unit.Status);
        Assert.Equal(2, unit.Attempts);
        Assert.Equal(3, farm.Plan.Attempts.Count(a => a == Flaky));
    }

    [Fact]
    public async Task The_sweeps_periodic_restart_leaves_the_queue_rows_of_units_it_already_queued_alone()
    {
        const string Held = "requeue-1/source/0000";
        var sweep = farm.Grains.GetGrain<ISweepGrain>("requeue-1");
        farm.Plan.Hold(id => id == Held);
        try
        {
            await sweep.SubmitAsync(SweepSpecs.Small("requeue"), "name: requeue");
            await WaitForAsync(() => farm.Plan.Attempts.Contains(Held), "the held source to start");
            await QueueRowSqlAsync("DELETE FROM DwpWorkQueue WHERE UnitId = @id;", Held);

            // The timer restarts every open unit every 5 s; a start that wrote the row again would have brought it back.
            await Task.Delay(TimeSpan.FromSeconds(11));
            Assert.Equal(0L, Convert.ToInt64(await QueueRowSqlAsync("SELECT COUNT(*) FROM DwpWorkQueue WHERE UnitId = @id;", Held), System.Globalization.CultureInfo.InvariantCulture));
            await new WorkQueue(farm.Database, TimeProvider.System).EnqueueAsync([new WorkItem(Held, "source", "requeue-1")]);
        }
        finally
        {
            farm.Plan.Release();
        }

        await WaitForPhaseAsync(sweep, SweepPhase.Completed);
    }

    [Fact]
    public async Task A_queued_unit_of_a_kind_this_build_does_not_know_stays_queued_while_the_silo_runs_the_rest()
    {
        // As a newer silo's unit would sit in the queue of a cluster being upgraded. A slot that claimed it used to
        // throw on its own thread and take the silo down.
        const string Newer = "newer-1/augment/0000";
        await new WorkQueue(farm.Database, TimeProvider.System).EnqueueAsync([new WorkItem(Newer, "augment", "newer-1", Priority: 1)]);
        try
        {
            var sweep = farm.Grains.GetGrain<ISweepGrain>("beside-newer-1");
            await sweep.SubmitAsync(SweepSpecs.Small("beside-newer"), "name: beside-newer");
            await WaitForPhaseAsync(sweep, SweepPhase.Completed);
            Assert.Equal(1L, Convert.ToInt64(await QueueRowSqlAsync("SELECT COUNT(*) FROM DwpWorkQueue WHERE UnitId = @id;", Newer), System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            await QueueRowSqlAsync("DELETE FROM DwpWorkQueue WHERE UnitId = @id;", Newer);
        }
    }

    [Fact]
    public async Task A_unit_reported_twice_is_recorded_once()
    {
        var sweep = farm.Grains.GetGrain<ISweepGrain>("dup-1");
        await sweep.SubmitAsync(SweepSpecs.Small("dup"), "name: dup");
        await WaitForPhaseAsync(sweep, SweepPhase.Completed);
        var unit = farm.Grains.GetGrain<IEvaluationGrain>("dup-1/eval/dwp/n100/s0");
        var recorded = await unit.GetSummaryAsync();

        var accepted = await unit.CompleteAsync(recorded.Attempts, recorded.Result! with { Duration = TimeSpan.FromDays(1) });
        await sweep.OnUnitFinishedAsync(recorded);

        Assert.False(accepted);
        Assert.Equal(recorded.Result!.Duration, (await unit.GetSummaryAsync()).Result!.Duration);
        var report = await sweep.GetReportAsync();
        Assert.Single(report.Units, u => u.UnitId == recorded.UnitId);
        Assert.Equal(2, Comparisons.Of(report).Single().Methods["dwp"].N);
    }

    [Fact]
    public async Task Submitting_a_different_spec_under_an_existing_id_is_refused()
    {
        var sweep = farm.Grains.GetGrain<ISweepGrain>("same-1");
        await sweep.SubmitAsync(SweepSpecs.Small("same"), "name: same");

        await sweep.SubmitAsync(SweepSpecs.Small("same"), "name: same");
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => sweep.SubmitAsync(SweepSpecs.Small("other"), "name: other"));

        Assert.Contains("different spec", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_spec_text_over_1_MiB_is_refused_by_the_grain_itself_and_nothing_is_stored()
    {
        // A client other than the CLI (which checks first) must not grow the database with a padded spec.
        var sweep = farm.Grains.GetGrain<ISweepGrain>("padded-1");
        var padded = "name: padded\n" + new string('#', SweepSpecValidator.MaxSpecBytes);

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => sweep.SubmitAsync(SweepSpecs.Small("padded"), padded));

        Assert.Contains($"a sweep spec may be at most {SweepSpecValidator.MaxSpecBytes} bytes (1 MiB)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(string.Empty, (await sweep.GetStatusAsync()).Name);
    }

    [Fact]
    public async Task Units_holding_both_slots_of_the_silo_run_with_both_threads_and_count_both_busy()
    {
        var sweep = farm.Grains.GetGrain<ISweepGrain>("wide-1");
        var spec = SweepSpecs.Small("wide") with { Resources = new() { Slots = new() { Conv2 = 2, Evaluations = 2 } } };
        var metrics = farm.Cluster.GetSiloServiceProvider().GetRequiredService<SlotMetrics>();

        // The first evaluation holds both slots while it waits on the gate.
        farm.Plan.HoldKinds(UnitKind.Evaluation);
        try
        {
            await sweep.SubmitAsync(spec, "name: wide");
            await WaitForAsync(() => farm.Plan.Attempts.Any(a => a.StartsWith("wide-1/eval/", StringComparison.Ordinal)), "the first evaluation");
            Assert.Equal(2, metrics.BusySlots);
        }
        finally
        {
            farm.Plan.ReleaseKind(UnitKind.Evaluation);
        }

        await WaitForPhaseAsync(sweep, SweepPhase.Completed);
        var units = (await sweep.GetReportAsync()).Units.ToDictionary(u => u.UnitId);
        Assert.Equal((2, 1), (units["wide-1/vae/conv2"].Slots, units["wide-1/vae/conv1"].Slots));
        Assert.Equal((2, 1, 2), (farm.Plan.Threads["wide-1/vae/conv2"], farm.Plan.Threads["wide-1/vae/conv1"], farm.Plan.Threads["wide-1/eval/dwp/n100/s0"]));
    }

    [Fact]
    public async Task A_sweep_with_a_unit_of_more_slots_than_any_live_silo_has_is_refused_and_nothing_is_stored()
    {
        var sweep = farm.Grains.GetGrain<ISweepGrain>("too-wide-1");
        var queue = new Storage.Queue.WorkQueue(farm.Database, TimeProvider.System);
        using (var timeout = new CancellationTokenSource(Timeout))
        {
            // The check reads the silos' heartbeats; the first beat comes as the silo's slot pool starts.
            while ((await queue.LiveSilosAsync(Grains.Cluster.ClusterStatusGrain.LiveWindow, timeout.Token)).Count == 0)
            {
                await Task.Delay(20, timeout.Token);
            }
        }

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => sweep.SubmitAsync(SweepSpecs.Small("too-wide") with { Resources = new() { Slots = new() { Evaluations = 3 } } }, "name: too-wide"));

        Assert.StartsWith("invalid spec: resources.slots.evaluations asks for 3 slots, but the one live silo has 2", ex.Message, StringComparison.Ordinal);
        Assert.Equal(string.Empty, (await sweep.GetStatusAsync()).Name);
    }

    [Fact]
    public async Task A_sweep_that_stops_before_its_wide_units_is_not_refused_for_them()
    {
        var sweep = farm.Grains.GetGrain<ISweepGrain>("too-wide-2");
        var spec = SweepSpecs.Small("bank-only") with { StopAfter = Grains.Interfaces.Specs.SweepStages.Bank, Resources = new() { Slots = new() { Conv2 = 3 } } };

        await sweep.SubmitAsync(spec, "name: bank-only");

        Assert.Equal(SweepPhase.Completed, (await WaitForPhaseAsync(sweep, SweepPhase.Completed)).Phase);
    }

    [Fact]
    public async Task The_spec_survives_deactivation_unchanged()
    {
        var sweep = farm.Grains.GetGrain<ISweepGrain>("persist-1");
        var spec = SweepSpecs.Small("persist") with { Source = SweepSpecs.Small().Source with { Widths = [5, 7], FontFolders = ["/a"] } };
        await sweep.SubmitAsync(spec, "name: persist");
        await WaitForPhaseAsync(sweep, SweepPhase.Completed);

        await farm.Cluster.DeactivateAsync(sweep);
        var report = await sweep.GetReportAsync();

        Assert.Equal([5, 7], report.Spec.Source.Widths);
        Assert.Equal(["/a"], report.Spec.Source.FontFolders);
        Assert.Equal([InitMethod.Dwp, InitMethod.Xavier], report.Spec.Evaluation.Methods);
        Assert.Equal(SweepPhase.Completed, report.Status.Phase);
    }

    [Fact]
    public void A_paper_scale_bank_travels_by_reference()
    {
        // 100 source nets of widths (256, 512): 256 kernels of 7×7 and 512·256 of 5×5 each, as float32.
        const long PaperBankBytes = 100L * ((256 * 49) + (512 * 256 * 25)) * sizeof(float);
        Assert.True(PaperBankBytes <= Storage.Artifacts.ArtifactStore.MaxSize, "the artifact store takes a paper-scale bank");

        // Messages stay small at any bank size only while no grain message can hold an artifact's bytes;
        // the artifact reader is the one exception, and it streams bounded chunks.
        var contract = typeof(Grains.Interfaces.ArtifactRef).Assembly.GetTypes();
        var messages = contract.Where(t => t.IsDefined(typeof(GenerateSerializerAttribute), inherit: false)).ToList();
        Assert.Contains(typeof(EvaluationWork), messages);
        Assert.Contains(typeof(BankResult), messages);
        var carriers = messages
            .SelectMany(t => t.GetProperties().Where(p => CarriesBytes(p.PropertyType)).Select(p => $"{t.Name}.{p.Name}"))
            .Concat(contract
                .Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t) && t != typeof(Grains.Interfaces.Cluster.IArtifactReaderGrain))
                .SelectMany(t => t.GetMethods().Where(m => CarriesBytes(m.ReturnType) || m.GetParameters().Any(p => CarriesBytes(p.ParameterType))).Select(m => $"{t.Name}.{m.Name}")));
        Assert.Empty(carriers);

        // byte[], Memory<byte>, a Stream, or any of them inside a list or a task.
        static bool CarriesBytes(Type type) =>
            typeof(Stream).IsAssignableFrom(type)
            || (type.HasElementType ? [type.GetElementType()!] : type.GetGenericArguments()).Any(a => a == typeof(byte) || CarriesBytes(a));
    }

    internal static Task<SweepStatus> WaitForPhaseAsync(ISweepGrain sweep, SweepPhase phase) =>
        WaitForStatusAsync(sweep, s => s.Phase == phase, $"phase {phase}");

    internal static async Task<SweepStatus> WaitForStatusAsync(ISweepGrain sweep, Func<SweepStatus, bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        SweepStatus? last = null;
        try
        {
            await foreach (var status in sweep.WatchAsync(TimeSpan.FromMilliseconds(20), timeout.Token))
            {
                last = status;
                if (condition(status))
                {
                    return status;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
        }

        throw new Xunit.Sdk.XunitException($"expected {what} within {Timeout}, last saw {last?.Phase}: {last?.Message}");
    }

    private async Task<object?> QueueRowSqlAsync(string sql, string unitId)
    {
        await using var connection = await farm.Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var id = command.CreateParameter();
        (id.ParameterName, id.Value) = ("@id", unitId);
        command.Parameters.Add(id);
        return await command.ExecuteScalarAsync();
    }

    internal static async Task WaitForAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token).ContinueWith(t => t.IsCanceled ? throw new Xunit.Sdk.XunitException($"timed out after {Timeout} waiting for {what}") : t, TaskScheduler.Default);
        }
    }
}
