using DwpFarm.Dwp.Bayes;

namespace DwpFarm.Dwp.Lab;

/// <summary>
/// Everything that fixes a few-shot (bayes-mode) lab run: the shared front (sources, bank, VAEs, seed, slots)
/// and the grid of train sizes × priors × seeds. Recorded with every result.
/// </summary>
public sealed record FewShotSettings
{
    /// <summary>Sources, bank, VAEs, the base seed and the slots; its init-mode target settings are unused.</summary>
    public LabSettings Front { get; init; } = new();

    /// <summary>Train sizes N (the authors': 50, 100, 200, 500, 1000).</summary>
    public IReadOnlyList<int> Sizes { get; init; } = [50, 100, 200, 500, 1000];

    public IReadOnlyList<WeightPriorKind> Priors { get; init; } = WeightPriors.All;

    /// <summary>R: runs per (size, prior), seeds Front.Seed+0 … Front.Seed+R−1.</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>Kernels per layer and step in the DWP's estimate of its kernel sum (0 = all; see <see cref="DeepWeightPrior"/>).</summary>
    public int DwpKernelsPerStep { get; init; }

    /// <summary>How the conv means start: "auto" (see <see cref="BayesOptions.MeanInitFor"/>), "xavier" or "dwp".</summary>
    public string MeanInit { get; init; } = BayesOptions.Auto;

    /// <summary>The per-run settings; its train count and mean initialisation are set per unit.</summary>
    public BayesOptions Bayes { get; init; } = new();

    public void Validate()
    {
        Front.Validate();
        Bayes.Validate();
        if (Sizes.Count == 0 || Sizes.Any(s => s < 1) || Sizes.Distinct().Count() != Sizes.Count)
        {
            throw new DwpException($"few-shot: sizes must be distinct positive numbers, got [{string.Join(", ", Sizes)}]");
        }

        if (Priors.Count == 0 || Priors.Distinct().Count() != Priors.Count)
        {
            throw new DwpException($"few-shot: priors must be distinct and at least one, got [{string.Join(", ", Priors.Select(WeightPriors.Name))}]");
        }

        foreach (var prior in Priors)
        {
            (Bayes with { MeanInit = BayesOptions.MeanInitFor(MeanInit, prior) }).Validate();
        }

        if (DwpKernelsPerStep < 0)
        {
            throw new DwpException($"few-shot: DWP kernels per step must be >= 0 (0 = all), got {DwpKernelsPerStep}");
        }

        if (Repeats < 1)
        {
            throw new DwpException($"few-shot: seeds must be at least 1, got {Repeats}");
        }
    }
}
