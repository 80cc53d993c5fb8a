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
    public void The_graph_makes_a_unit_ready_once_its_own_inputs_are_done_whatever_the_other_fronts_and_phases()
    {
        var spec = SweepSpecs.Small() with { Fronts = 2, Evaluation = SweepSpecs.Small().Evaluation with { Methods = [InitMethod.Dwp, InitMethod.Xavier, InitMethod.Filters] } };
        var plan = new SweepPlan("s", spec);
        var all = Done(plan);
        string[] Ready(Func<string, bool> done) => [.. plan.Ready(all.Where(kv => done(kv.Key)).ToDictionary()).Select(w => w.UnitId)];
        string[] Evaluations(string method, int front) => [.. plan.Work(SweepPhase.Evaluations, all).Where(w => w.Front == front && ((EvaluationWork)w).Method == method).Select(w => w.UnitId)];
        string[] Sources = [.. plan.Work(SweepPhase.Sources, all).Select(w => w.UnitId)];

        // Nothing done: every source, and the evaluations that draw on no front.
        Assert.Equal([.. Sources, .. Evaluations("xavier", 0), .. Evaluations("xavier", 1)], Ready(_ => false));

        // Front 1's bank is done, front 0 has nothing: front 1's VAEs and filters evaluations join, nothing of front 0.
        var front1Bank = Ready(id => id.Contains("/f1", StringComparison.Ordinal) && !id.Contains("/vae/", StringComparison.Ordinal));
        string[] expected = [.. Sources, "s/bank/f1", "s/vae/f1/conv1", "s/vae/f1/conv2", .. Evaluations("xavier", 0), .. Evaluations("xavier", 1), .. Evaluations("filters", 1)];
        Assert.Equal(expected.Order(StringComparer.Ordinal), front1Bank.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("s/bank", front1Bank);
        Assert.Empty(front1Bank.Intersect(Evaluations("dwp", 1)));

        // Everything done: the whole plan, each unit once.
        Assert.Equal(plan.Total, plan.Ready(all).Select(w => w.UnitId).Distinct().Count());
    }

    [Fact]
    public void An_evaluation_carries_only_the_parts_of_its_front_it_draws_on()
    {
        var spec = SweepSpecs.Small() with { Evaluation = SweepSpecs.Small().Evaluation with { Methods = [InitMethod.Dwp, InitMethod.Xavier, InitMethod.Filters, InitMethod.Gaussian] } };
        var plan = new SweepPlan("s", spec);
        var work = plan.Work(SweepPhase.Evaluations, Done(plan)).Cast<EvaluationWork>().DistinctBy(w => w.Method).ToDictionary(w => w.Method);

        Assert.Equal([], work["xavier"].Inputs);
        Assert.Equal([Model, Model], work["dwp"].Inputs);
        Assert.Equal([BankArtifact], work["filters"].Inputs);
        Assert.Equal([BankArtifact], work["gaussian"].Inputs);

        // Scaled to the VAE samples' norm, every arm draws on the VAEs too, and waits for them.
        var scaled = new SweepPlan("s", spec with { Evaluation = spec.Evaluation with { ScaleTo = "dwp" } });
        var scaledWork = scaled.Work(SweepPhase.Evaluations, Done(scaled)).Cast<EvaluationWork>().DistinctBy(w => w.Method).ToDictionary(w => w.Method);
        Assert.Equal([Model, Model], scaledWork["xavier"].Inputs);
        Assert.Equal([BankArtifact, Model, Model], scaledWork["filters"].Inputs);
    }

    [Fact]
    public void A_free_slot_takes_the_chain_to_the_dwp_evaluations_first_and_the_units_that_need_nothing_last()
    {
        var spec = SweepSpecs.Small() with { Evaluation = SweepSpecs.Small().Evaluation with { Methods = [InitMethod.Xavier, InitMethod.Filters, InitMethod.Dwp] } };
        var plan = new SweepPlan("s", spec);

        var order = plan.Ready(Done(plan)).OrderByDescending(UnitRank.Priority).Select(w => w.UnitId).ToList();

        Assert.Equal(["s/source/0000", "s/source/0001", "s/bank", "s/vae/conv2", "s/vae/conv1"], order.Take(5));
        Assert.All(order.Skip(5).Take(2), id => Assert.Contains("/eval/dwp/", id, StringComparison.Ordinal));
        Assert.Equal(4, order.Skip(7).Count(id => id.Contains("/eval/", StringComparison.Ordinal) && !id.Contains("/eval/dwp/", StringComparison.Ordinal)));
        Assert.Equal(11, order.Count);
    }

    [Fact]
    public void A_unit_is_not_ready_before_the_results_it_needs()
    {
        var plan = new SweepPlan("s", SweepSpecs.Small());
        var partial = new Dictionary<string, UnitResult> { [UnitIds.Source("s", 0)] = Source() };

        Assert.Empty(plan.Work(SweepPhase.Bank, partial));
        Assert.DoesNotContain(plan.Ready(partial), w => w is BankWork or VaeWork);
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
