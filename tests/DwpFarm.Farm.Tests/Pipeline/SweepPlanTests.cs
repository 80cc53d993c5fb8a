using DwpFarm.Dwp.Bayes;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Plan;
using DwpFarm.Pipeline.Specs;

namespace DwpFarm.Farm.Tests.Pipeline;

/// <summary>The plan a spec means: phases, units, seeds, the names of the ML core's enums, and each unit's options.</summary>
public sealed class SweepPlanTests
{
    private static readonly ArtifactRef Model = new(new string('a', 64), "model", 1);
    private static readonly ArtifactRef BankArtifact = new(new string('b', 64), "bank", 1);

    [Fact]
    public void The_phases_follow_the_table_up_to_stop_after()
    {
        var plan = new SweepPlan("s", SweepSpecs.Small() with { StopAfter = SweepStages.Bank });

        Assert.Equal([SweepPhase.Sources, SweepPhase.Bank], plan.Phases.Select(p => p.Phase));
        Assert.Equal(SweepPhase.Bank, plan.After(SweepPhase.Sources));
        Assert.Equal(SweepPhase.Completed, plan.After(SweepPhase.Bank));
        Assert.Equal(SweepPhase.Evaluations, new SweepPlan("s", SweepSpecs.Small()).After(SweepPhase.Prior));
    }

    [Fact]
    public void An_imported_bank_needs_no_sources_and_the_bank_unit_reads_the_folder()
    {
        var spec = SweepSpecs.Small() with { Bank = SweepSpecs.Small().Bank with { Import = "/published" } };
        var plan = new SweepPlan("s", spec);

        Assert.Equal([SweepPhase.Bank, SweepPhase.Prior, SweepPhase.Evaluations], plan.Phases.Select(p => p.Phase));
        Assert.Equal(0, plan.Planned(SweepPhase.Sources));
        var bank = Assert.IsType<BankWork>(Assert.Single(plan.Work(SweepPhase.Bank, new Dictionary<string, UnitResult>())));
        Assert.Empty(bank.Models);
        Assert.Equal("/published", bank.Spec.Import);
    }

    [Fact]
    public void Every_unit_gets_its_own_seed_even_where_the_spec_repeats_one()
    {
        // Both VAEs and the bank share seed 0 in the spec; source runs share one base seed.
        var spec = SweepSpecs.Small() with { Source = SweepSpecs.Small().Source with { Count = 3, Seed = 5 } };
        var plan = new SweepPlan("s", spec);
        var done = Done(plan);

        var seeds = plan.Work(SweepPhase.Sources, done).Select(w => w.Seed)
            .Concat(plan.Work(SweepPhase.Bank, done).Select(w => w.Seed))
            .Concat(plan.Work(SweepPhase.Prior, done).Select(w => w.Seed)).ToList();

        Assert.Equal(6, seeds.Distinct().Count());
        Assert.Equal(PlanSeeds.Source(spec.Source, 2), plan.Work(SweepPhase.Sources, done)[2].Seed);

        // Evaluation seed s is the target run's seed itself, shared by every method.
        Assert.Equal([0L, 1L, 0L, 1L], plan.Work(SweepPhase.Evaluations, done).Select(w => w.Seed));
    }

    [Fact]
    public void Every_front_has_its_own_units_and_seeds_and_front_0_is_a_one_front_sweep()
    {
        var one = new SweepPlan("s", SweepSpecs.Small());
        var two = new SweepPlan("s", SweepSpecs.Small() with { Fronts = 2 });
        var done = Done(two);

        var phases = new[] { SweepPhase.Sources, SweepPhase.Bank, SweepPhase.Prior, SweepPhase.Evaluations };
        var works = phases.SelectMany(p => two.Work(p, done)).ToList();

        Assert.Equal(phases.Sum(p => two.Planned(p)), works.Count);
        Assert.Equal(2 * phases.Sum(p => one.Planned(p)), works.Count);
        Assert.Equal(works.Count, works.Select(w => w.UnitId).Distinct().Count());
        Assert.Equal(phases.SelectMany(p => one.Work(p, Done(one))).Select(w => (w.UnitId, w.Seed)), works.Where(w => w.Front == 0).Select(w => (w.UnitId, w.Seed)));

        // The fronts share the target seeds and nothing else.
        var front1 = works.Where(w => w.Front == 1 && w is not EvaluationWork).Select(w => w.Seed).ToHashSet();
        Assert.Empty(front1.Intersect(works.Where(w => w.Front == 0).Select(w => w.Seed)));
        Assert.Equal("s/bank/f1", two.Work(SweepPhase.Bank, done)[1].UnitId);
        Assert.Equal(UnitKind.Vae, UnitIds.KindOf(two.Work(SweepPhase.Prior, done)[3].UnitId));
    }

    [Fact]
    public void One_fronts_phase_needs_only_that_fronts_results_and_is_that_fronts_share_of_the_whole_phase()
    {
        var plan = new SweepPlan("s", SweepSpecs.Small() with { Fronts = 3 });
        var all = Done(plan);

        // Front 1 is done with its sources and bank; fronts 0 and 2 have nothing yet.
        var front1 = all.Where(kv => kv.Key.Contains("/f1", StringComparison.Ordinal) && !kv.Key.Contains("/vae/", StringComparison.Ordinal)).ToDictionary();
        var vaes = plan.Work(SweepPhase.Prior, front1, front: 1);

        Assert.Equal(plan.Work(SweepPhase.Prior, all).Where(w => w.Front == 1).Select(w => (w.UnitId, w.Seed)), vaes.Select(w => (w.UnitId, w.Seed)));
        Assert.Throws<InvalidOperationException>(() => plan.Work(SweepPhase.Prior, front1, front: 0));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => plan.Work(SweepPhase.Sources, all, front: 3));
        Assert.Contains("the spec has 3 front(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_phase_cannot_be_built_before_the_results_it_needs()
    {
        var plan = new SweepPlan("s", SweepSpecs.Small());
        var partial = new Dictionary<string, UnitResult> { [UnitIds.Source("s", 0)] = Source() };

        var error = Assert.Throws<InvalidOperationException>(() => plan.Work(SweepPhase.Bank, partial));

        Assert.Contains("s/source/0001 has no recorded result", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_initialiser_and_prior_of_the_ml_core_is_a_valid_name_and_parses_back()
    {
        foreach (var method in Enum.GetValues<InitMethod>())
        {
            var spec = SweepSpecs.Small() with { Evaluation = SweepSpecs.Small().Evaluation with { Methods = [method] } };
            Assert.Empty(SweepSpecValidator.Validate(spec));
            Assert.Equal(method, UnitOptions.Method((EvaluationWork)new SweepPlan("s", spec).Work(SweepPhase.Evaluations, Done(new SweepPlan("s", spec)))[0]));
        }

        foreach (var prior in Enum.GetValues<WeightPriorKind>())
        {
            var spec = SweepSpecs.SmallBayes() with { Evaluation = SweepSpecs.SmallBayes().Evaluation with { Priors = [prior] } };
            Assert.Empty(SweepSpecValidator.Validate(spec));
            Assert.Equal(prior, UnitOptions.Prior((EvaluationWork)new SweepPlan("s", spec).Work(SweepPhase.Evaluations, Done(new SweepPlan("s", spec)))[0]));
        }

        var unknown = SweepSpecs.Small() with { Evaluation = SweepSpecs.Small().Evaluation with { Methods = [(InitMethod)99, (InitMethod)(-1)] } };
        Assert.Equal(["evaluation.methods[0]", "evaluation.methods[1]"], SweepSpecValidator.Validate(unknown).Select(e => e.Path));
    }

    [Theory]
    [InlineData(600, 300, 113, 128, 300)] // one batch per epoch: the step target needs 600 epochs, capped at 300
    [InlineData(600, 300, 4000, 128, 19)] // 32 batches per epoch: 18 epochs fall short of 600 steps, 19 reach them
    [InlineData(0, 7, 4000, 128, 7)] // steps 0: the epochs as given
    public void A_vae_trains_whole_epochs_nearest_above_its_steps_at_most_its_epochs(int steps, int epochs, int kernels, int batch, int expected)
    {
        var spec = SweepSpecs.Small() with { Prior = new PriorSpec { Conv1 = new VaeSpec { Steps = steps, Epochs = epochs, Batch = batch } } };
        var plan = new SweepPlan("s", spec);
        var vae = (VaeWork)plan.Work(SweepPhase.Prior, Done(plan))[0];

        Assert.Equal(expected, UnitOptions.Vae(vae, kernels).Epochs);
    }

    private static Dictionary<string, UnitResult> Done(SweepPlan plan)
    {
        var done = new Dictionary<string, UnitResult>();
        for (var front = 0; front < plan.Spec.Fronts; front++)
        {
            for (var i = 0; i < plan.Spec.Source.Count; i++)
            {
                done[UnitIds.Source(plan.SweepId, i, front)] = Source();
            }

            done[UnitIds.Bank(plan.SweepId, front)] = new BankResult { DataSha256 = "x", Environment = "x", Bank = BankArtifact, Layers = [] };
            foreach (var layer in PhaseTable.Layers)
            {
                done[UnitIds.Vae(plan.SweepId, layer, front)] = new VaeResult { DataSha256 = "x", Environment = "x", Layer = layer, Weights = Model, TestElbo = 0, TrainElbo = 0 };
            }
        }

        return done;
    }

    private static SourceRunResult Source() => new() { DataSha256 = "x", Environment = "x", Model = Model, Epochs = [] };
}
