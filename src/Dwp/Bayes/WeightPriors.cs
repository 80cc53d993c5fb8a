using DwpFarm.Dwp.Vae;

namespace DwpFarm.Dwp.Bayes;

/// <summary>Names of <see cref="WeightPriorKind"/> as written in specs, command lines and reports.</summary>
public static class WeightPriors
{
    public static readonly IReadOnlyList<WeightPriorKind> All = [WeightPriorKind.Dwp, WeightPriorKind.Sn, WeightPriorKind.LogUniform];

    /// <summary>"dwp", "sn" or "loguniform".</summary>
    public static string Name(WeightPriorKind kind) => kind.ToString().ToLowerInvariant();

    public static bool TryParse(string name, out WeightPriorKind kind)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(Name(candidate), name, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static WeightPriorKind Parse(string name)
        => TryParse(name, out var kind)
            ? kind
            : throw new DwpException($"unknown prior '{name}' (expected one of: {string.Join(", ", All.Select(Name))})");

    /// <summary>
    /// The prior of <paramref name="kind"/>; the DWP takes (and freezes) one VAE per conv layer and estimates its
    /// kernel sum on <paramref name="dwpKernelsPerStep"/> kernels per layer and step (0 = all).
    /// </summary>
    public static IWeightPrior Create(WeightPriorKind kind, IReadOnlyList<KernelVae>? vaes, int dwpKernelsPerStep = 0) => kind switch
    {
        WeightPriorKind.Dwp => new DeepWeightPrior(vaes ?? throw new DwpException("the dwp prior needs one VAE per conv layer"), dwpKernelsPerStep),
        WeightPriorKind.Sn => new StandardNormalPrior(),
        WeightPriorKind.LogUniform => new LogUniformPrior(),
        _ => throw new DwpException($"unknown prior {kind}"),
    };
}
