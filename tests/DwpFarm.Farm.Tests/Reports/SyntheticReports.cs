using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Farm.Tests.Reports;

/// <summary>Completed sweeps made of results alone (no artifacts): what the report writer reads, with a known effect.</summary>
internal static class SyntheticReports
{
    private static readonly int[] BayesSizes = [50, 100];

    /// <summary>Init mode, N = 8,000: curves every 10 steps over 100; dwp ahead of xavier and default by <paramref name="dwpAhead"/> early on.</summary>
    public static SweepReport Init(double dwpAhead = 0.03, int seeds = 10, string name = "synthetic")
    {
        var offsets = new Dictionary<string, double> { ["dwp"] = dwpAhead, ["filters"] = dwpAhead, ["xavier"] = 0, ["default"] = -0.01 };
        int[] steps = [.. Enumerable.Range(0, 11).Select(i => i * 10)];
        var units = offsets.SelectMany(m => Enumerable.Range(0, seeds).Select(seed => Evaluation(m.Key, 8000, seed, steps,
            [.. steps.Select(t => Math.Min(0.99, 0.1 + (0.85 * (1 - Math.Exp(-t / 20.0))) + (m.Value * Math.Exp(-t / 60.0)) + (0.004 * Math.Sin((seed * 7) + t))))])));
        return Report(name, new EvaluationSpec { TrainSizes = [8000], Seeds = seeds, Steps = 100, EvalEvery = 10 }, [.. units, Vae("conv1", []), Vae("conv2", ["samples' mean |cos| 0.45 exceeds the bank's 0.24 by more than 0.20 (samples too alike)"])]);
    }

    /// <summary>Bayes mode at N = 50 and 100 for dwp, sn and loguniform, three seeds each.</summary>
    public static SweepReport Bayes()
    {
        var means = new Dictionary<string, double> { ["dwp"] = 0.79, ["sn"] = 0.74, ["loguniform"] = 0.76 };
        var units = means.SelectMany(p => BayesSizes.SelectMany(n => Enumerable.Range(0, 3).Select(seed =>
            Evaluation(p.Key, n, seed, [10000], [p.Value + (n == 100 ? 0.06 : 0) + (0.01 * (seed - 1))], EvaluationMode.Bayes))));
        return Report("fewshot", new EvaluationSpec { Mode = EvaluationMode.Bayes, TrainSizes = BayesSizes, Seeds = 3, Steps = 10000 }, [.. units]);
    }

    private static SweepReport Report(string name, EvaluationSpec evaluation, IReadOnlyList<UnitSummary> units) => new()
    {
        Status = new SweepStatus { SweepId = "synthetic-1", Name = name, Phase = SweepPhase.Completed },
        Spec = new SweepSpec { Name = name, Evaluation = evaluation },
        SpecText = $"name: {name}",
        Units = units,
    };

    /// <summary>A completed evaluation unit (its id from the method, size and seed unless given).</summary>
    public static UnitSummary Evaluation(string method, int n, int seed, int[] steps, double[] accuracy, EvaluationMode mode = EvaluationMode.Init, string? id = null) => new()
    {
        UnitId = id ?? $"synthetic-1/eval/{method}/n{n}/s{seed}",
        Kind = UnitKind.Evaluation,
        Status = UnitStatus.Completed,
        Result = new EvaluationResult { DataSha256 = "x", Environment = "x", Mode = mode, Method = method, TrainSize = n, Seed = seed, Steps = steps, Accuracy = accuracy },
    };

    /// <summary>A completed VAE unit of front 0 whose gates failed as <paramref name="failures"/> say.</summary>
    public static UnitSummary Vae(string layer, IReadOnlyList<string> failures, int front = 0) => new()
    {
        UnitId = front == 0 ? $"synthetic-1/vae/{layer}" : $"synthetic-1/f{front}/vae/{layer}",
        Kind = UnitKind.Vae,
        Status = UnitStatus.Completed,
        Result = new VaeResult
        {
            DataSha256 = "x",
            Environment = "x",
            Layer = layer,
            Weights = new ArtifactRef("x", "vae", 1),
            TestElbo = 70.5,
            TrainElbo = 71,
            WhiteNoiseElbo = 53.6,
            GaussianElbo = 65.2,
            SampleAbsCosine = 0.45,
            BankAbsCosine = 0.24,
            GateFailures = failures,
            Front = front,
        },
    };
}
