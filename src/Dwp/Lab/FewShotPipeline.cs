using System.Diagnostics;
using DwpFarm.Dwp.Bayes;
using DwpFarm.Dwp.Torch;

namespace DwpFarm.Dwp.Lab;

/// <summary>
/// The authors' few-shot table in one process: the shared front (<see cref="PriorStages"/>: sources on letters →
/// bank → VAEs), then one bayes-mode run per (size, prior, seed) on MNIST, spread over the slots.
/// </summary>
public static class FewShotPipeline
{
    public static FewShotReport Run(LabInputs inputs, FewShotSettings settings, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        settings.Validate();
        log ??= _ => { };
        using var front = PriorStages.Run(inputs, settings.Front, log, cancellationToken);
        var clock = Stopwatch.StartNew();
        var priors = settings.Priors.ToDictionary(p => p, p => WeightPriors.Create(p, front.Vaes, settings.DwpKernelsPerStep));

        // The DWP runs cost the most (a VAE pass per kernel per step), so they go first and the cheap ones fill in.
        var units = Enumerable.Range(0, settings.Repeats)
            .SelectMany(r => settings.Sizes.SelectMany(n => settings.Priors.Select(p => (Prior: p, Size: n, Seed: settings.Front.Seed + r))))
            .OrderBy(u => u.Prior == WeightPriorKind.Dwp ? 0 : 1)
            .ToArray();
        var runs = SlotRunner.Run(units, settings.Front.Slots, settings.Front.ThreadsPerSlot, (unit, ct) =>
        {
            // Long runs report each tenth of their steps, so a run of hours shows it is moving.
            var name = $"{WeightPriors.Name(unit.Prior)} N={unit.Size} seed {unit.Seed}";
            var tenths = 0;
            void Report(BayesProgress p)
            {
                var reached = p.Step * 10 / p.Steps;
                if (reached > tenths && p.Step < p.Steps)
                {
                    tenths = reached;
                    log($"{name}: step {p.Step}/{p.Steps}, data term {p.Nll:F1}, KL {p.Kl:F1}");
                }
            }

            var result = BayesTrainer.Run(
                inputs.MnistTrain, inputs.MnistTest, priors[unit.Prior], front.Vaes, settings.Bayes with { TrainCount = unit.Size, MeanInit = BayesOptions.MeanInitFor(settings.MeanInit, unit.Prior) }, unit.Seed, Report, ct);
            log($"{name}: ensemble accuracy {result.EnsembleAccuracy:F4} "
                + $"(means {result.MeanAccuracy:F4}; last NLL {result.FinalNll:F1}, KL {result.FinalKl:F1}; "
                + $"kernel median norm / mean |cos| {string.Join(", ", result.Kernels.Select(k => $"{k.MedianNorm:G3} / {k.MeanAbsCosine:F2}"))}; {result.Seconds:F0} s)");
            return result;
        }, u => $"{WeightPriors.Name(u.Prior)} N={u.Size} seed {u.Seed}", cancellationToken);
        var stages = new Dictionary<string, double>(front.StageSeconds) { ["bayes"] = PriorStages.Lap(clock) };

        var cells = settings.Priors.ToDictionary(
            p => p,
            p => (IReadOnlyList<FewShotCell>)settings.Sizes
                .Select(n => FewShotCell.Of(runs.Where(r => r.Prior == p && r.TrainCount == n).Select(r => r.EnsembleAccuracy).ToArray()))
                .ToArray());
        return new FewShotReport(settings, front.Sources, front.BankSummary, front.VaeSummaries, runs, cells, PriorStages.DataSha256(inputs), stages);
    }
}
