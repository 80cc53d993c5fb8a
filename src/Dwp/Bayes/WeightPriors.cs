using DwpFarm.Dwp.Initialization;

namespace DwpFarm.Dwp.Bayes;

/// <summary>What each <see cref="WeightPriorKind"/> is made of, draws on and starts from: the one place a prior says it.</summary>
public static class WeightPriors
{
    public static IReadOnlyList<WeightPriorKind> All { get; } = Enum.GetValues<WeightPriorKind>();

    /// <summary>What of a front the prior of <paramref name="kind"/> draws on.</summary>
    public static FrontInputs Inputs(WeightPriorKind kind) => kind switch
    {
        WeightPriorKind.Dwp => FrontInputs.Vaes,
        WeightPriorKind.Sn or WeightPriorKind.LogUniform => FrontInputs.None,
        WeightPriorKind.Gaussian => FrontInputs.Gaussians,
        _ => throw new DwpException($"unknown prior {kind}"),
    };

    /// <summary>
    /// Where the conv means start under <paramref name="kind"/> when a spec says <c>auto</c>, as in the authors'
    /// commands: from the prior's own kernels where it has an initialiser of them (VAE samples under the DWP, draws of
    /// the Gaussian under the Gaussian), else Xavier.
    /// </summary>
    public static InitMethod MeanInit(WeightPriorKind kind) => kind switch
    {
        WeightPriorKind.Dwp => InitMethod.Dwp,
        WeightPriorKind.Gaussian => InitMethod.Gaussian,
        WeightPriorKind.Sn or WeightPriorKind.LogUniform => InitMethod.Xavier,
        _ => throw new DwpException($"unknown prior {kind}"),
    };

    /// <summary>
    /// The prior of <paramref name="kind"/>, drawing on <paramref name="front"/> (loaded for <see cref="Inputs"/>); the
    /// DWP takes (and freezes) one VAE per conv layer and estimates its kernel sum on <paramref name="dwpKernelsPerStep"/>
    /// kernels per layer and step (0 = all).
    /// </summary>
    public static IWeightPrior Create(WeightPriorKind kind, KernelPrior? front, int dwpKernelsPerStep = 0) => kind switch
    {
        WeightPriorKind.Dwp => new DeepWeightPrior(front is { Vaes.Count: > 0 } ? front.Vaes : throw new DwpException("the dwp prior needs one VAE per conv layer"), dwpKernelsPerStep),
        WeightPriorKind.Sn => new StandardNormalPrior(),
        WeightPriorKind.LogUniform => new LogUniformPrior(),
        WeightPriorKind.Gaussian => new GaussianPrior(front?.Gaussians ?? throw new DwpException("the gaussian prior needs one Gaussian per conv layer fitted to the kernel bank")),
        _ => throw new DwpException($"unknown prior {kind}"),
    };
}
