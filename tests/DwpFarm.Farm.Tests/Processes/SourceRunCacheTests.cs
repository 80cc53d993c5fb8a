using DwpFarm.Data;
using SourceTrainer = DwpFarm.Dwp.Training.SourceTrainer;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Local;
using DwpFarm.Pipeline.Plan;
using DwpFarm.Pipeline.Units;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>
/// The lab keeps the source nets it trained: a second run of the same sources reuses them and builds the bank
/// the first built, bit for bit; a change that decides the nets trains them again; a damaged entry is retrained.
/// </summary>
public sealed class SourceRunCacheTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dwpfarm-source-cache-").FullName;

    private static SweepSpec Spec => new()
    {
        Name = "cache",
        StopAfter = SweepStages.Bank,
        Source = SweepSpecs.TinySource,
        Bank = SweepSpecs.TinyBank,
    };

    [Fact]
    public void A_second_run_reuses_the_trained_sources_and_builds_the_same_bank()
    {
        var cache = new SourceRunCache(Path.Combine(_root, "cache"));
        var first = Run(Spec, cache);
        var second = Run(Spec with { Name = "renamed", Bank = Spec.Bank with { PruneThreshold = 0.2 } }, cache);
        var third = Run(Spec with { Name = "renamed-again" }, cache);

        Assert.Equal(0, first.Reused);
        Assert.Equal(2, second.Reused);
        // A phase's line follows each unit trained; units from the cache have their own line instead.
        Assert.Contains("cache: source runs 2 of 2 done", first.Lines);
        Assert.Contains("cache: kernel bank 1 of 1 done", first.Lines);
        Assert.DoesNotContain(second.Lines, l => l.Contains("source runs", StringComparison.Ordinal));
        Assert.Contains("renamed: kernel bank 1 of 1 done", second.Lines);
        Assert.Equal(2, third.Reused);
        Assert.Equal(Models(first.Run), Models(second.Run));
        Assert.Equal(Bank(first.Run), Bank(third.Run));
        Assert.NotEqual(Bank(first.Run), Bank(second.Run));

        // The stored record is the training's: its epochs and data fingerprint, not the reuse's.
        Assert.Equal(Sources(first.Run).Select(s => s.Epochs), Sources(third.Run).Select(s => s.Epochs));
        Assert.Equal(Sources(first.Run).Select(s => s.DataSha256), Sources(third.Run).Select(s => s.DataSha256));
    }

    [Fact]
    public void A_change_that_decides_the_nets_trains_them_again()
    {
        var cache = new SourceRunCache(Path.Combine(_root, "cache"));
        var first = Run(Spec, cache);
        var otherSeed = Run(Spec with { Source = Spec.Source with { Seed = 7 } }, cache);
        var oneMore = Run(Spec with { Source = Spec.Source with { Count = 3 } }, cache);
        var twoThreads = Run(Spec with { Resources = new ResourcesSpec { Slots = new SlotsSpec { Sources = 2 } } }, cache);

        Assert.Equal(0, otherSeed.Reused);
        Assert.Equal(0, twoThreads.Reused);
        Assert.NotEqual(Models(first.Run), Models(otherSeed.Run));
        Assert.Equal(2, oneMore.Reused);
        Assert.Equal(Models(first.Run), Models(oneMore.Run)[..2]);
    }

    [Fact]
    public void A_damaged_entry_is_dropped_and_the_net_trained_again_to_the_same_weights()
    {
        var cache = new SourceRunCache(Path.Combine(_root, "cache"));
        var first = Run(Spec, cache);
        var entries = Directory.GetDirectories(cache.Folder);
        Assert.Equal(2, entries.Length);
        File.WriteAllBytes(Path.Combine(entries[0], "model.bin"), [1, 2, 3]);
        File.WriteAllText(Path.Combine(entries[1], "result.json"), "{ not json");

        var second = Run(Spec, cache);
        var third = Run(Spec, cache);

        Assert.Equal(0, second.Reused);
        Assert.Equal(Models(first.Run), Models(second.Run));
        Assert.Equal(2, third.Reused);
    }

    /// <summary>
    /// The code that decides a source's weights, pinned to <see cref="SourceTrainer.NumericsVersion"/>: the cache keys on
    /// that version and not on the build, so an edit here must say whether it changes what training computes.
    /// </summary>
    [Fact]
    public void The_training_code_is_pinned_to_the_numerics_version_the_cache_keys_on()
    {
        const int pinnedVersion = 2;
        const string pinnedCode = "9e775f1b9e29f31a";
        string[] folders = ["src/Dwp/Training", "src/Dwp/Models", "src/Dwp/Torch"];
        string[] files = ["src/Dwp/Common/Seeds.cs", "src/Dwp/Images/ImageSet.cs", "src/Dwp/Initialization/Initializers.cs", "src/Pipeline/Units/SourceRunRunner.cs", "src/Pipeline/Plan/UnitOptions.cs"];
        var paths = folders.SelectMany(f => Directory.GetFiles(Path.Combine(RepoRoot.Path, f), "*.cs"))
            .Concat(files.Select(f => Path.Combine(RepoRoot.Path, f)))
            .Select(p => Path.GetRelativePath(RepoRoot.Path, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        var text = string.Concat(paths.Select(p => p + "\n" + File.ReadAllText(Path.Combine(RepoRoot.Path, p)).ReplaceLineEndings("\n")));
        var code = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];

        Assert.True(
            (pinnedVersion, pinnedCode) == (SourceTrainer.NumericsVersion, code),
            $"the training code changed (now {code}, pinned {pinnedCode}). If the change alters the weights a source run gives, bump SourceTrainer.NumericsVersion (cached nets then train again); either way pin version {SourceTrainer.NumericsVersion} and code {code} here.");
    }

    [Fact]
    public void A_run_stopped_mid_source_resumes_from_its_last_epoch_and_ends_with_the_uninterrupted_weights()
    {
        var spec = Spec with { Source = Spec.Source with { Count = 1, Epochs = 3 } };
        var whole = Run(spec, new SourceRunCache(Path.Combine(_root, "whole")));

        // A lab killed in source 0's second epoch: its first epoch's checkpoint is kept, nothing else.
        var cache = new SourceRunCache(Path.Combine(_root, "stopped"));
        var data = new SpecDataSets(DataRoot.Resolve(_root));
        var work = FirstSource(spec);
        var artifacts = new MemoryArtifacts();
        using var stop = new CancellationTokenSource();
        var context = new MemoryRunContext(artifacts, threads: 1, checkpoint: (epoch, artifact) =>
        {
            cache.StorePartial(work, data.Letters(spec.Source).Sha256, epoch, artifacts.Read(artifact));
            stop.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() => new SourceRunRunner(data).Run(work, context, stop.Token));

        var lines = new List<string>();
        var resumed = LocalSweep.Run(spec, spec.Name, data, slots: 1, line => { lock (lines) { lines.Add(line); } }, cache);

        Assert.Contains(lines, l => l.Contains("source/0000: resuming from epoch 1 of 3", StringComparison.Ordinal));
        Assert.Equal(Models(whole.Run), Models(resumed));
        Assert.Equal(1, Sources(resumed).Single().ResumedFromEpoch);
        Assert.Empty(Directory.GetFiles(cache.Folder, "*.partial"));
    }

    [Fact]
    public void A_damaged_partial_checkpoint_is_dropped_and_the_source_trained_from_scratch()
    {
        var spec = Spec with { Source = Spec.Source with { Count = 1 } };
        var whole = Run(spec, new SourceRunCache(Path.Combine(_root, "whole")));
        var cache = new SourceRunCache(Path.Combine(_root, "damaged"));
        var data = new SpecDataSets(DataRoot.Resolve(_root));
        var work = FirstSource(spec);
        cache.StorePartial(work, data.Letters(spec.Source).Sha256, 1, [1, 2, 3]);

        var run = LocalSweep.Run(spec, spec.Name, data, slots: 1, sources: cache);

        Assert.Equal(Models(whole.Run), Models(run));
        Assert.Equal(0, Sources(run).Single().ResumedFromEpoch);
    }

    [Fact]
    public void Without_a_cache_nothing_is_kept()
    {
        var data = new SpecDataSets(DataRoot.Resolve(_root));
        LocalSweep.Run(Spec, "cache", data, slots: 1);

        Assert.False(Directory.Exists(SourceRunCache.In(DataRoot.Resolve(_root)).Folder));
    }

    private (LocalSweepResult Run, int Reused, List<string> Lines) Run(SweepSpec spec, SourceRunCache cache)
    {
        var lines = new List<string>();
        var run = LocalSweep.Run(spec, spec.Name, new SpecDataSets(DataRoot.Resolve(_root)), slots: 2, line => { lock (lines) { lines.Add(line); } }, cache);
        return (run, lines.Count(l => l.Contains("trained before", StringComparison.Ordinal)), lines);
    }

    // Source 0's work as the plan makes it: the cache keys it by its spec, seed and threads.
    private static SourceRunWork FirstSource(SweepSpec spec) => new()
    {
        SweepId = spec.Name,
        UnitId = "source/0000",
        Seed = PlanSeeds.Source(spec.Source, 0),
        Resources = spec.Resources,
        Spec = spec.Source,
        Index = 0,
    };

    private static IEnumerable<SourceRunResult> Sources(LocalSweepResult run) =>
        run.Report.Units.Select(u => u.Result).OfType<SourceRunResult>();

    private static string[] Models(LocalSweepResult run) => [.. Sources(run).Select(s => s.Model.Sha256)];

    private static string Bank(LocalSweepResult run) => run.Report.Units.Select(u => u.Result).OfType<BankResult>().Single().Bank.Sha256;

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
