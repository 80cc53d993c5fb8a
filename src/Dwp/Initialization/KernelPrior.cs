using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Vae;

namespace DwpFarm.Dwp.Initialization;

/// <summary>
/// What the kernel-based initialisers and priors draw from, in conv-layer order: the bank (for
/// <see cref="InitMethod.Filters"/>), one VAE per conv layer (for <see cref="InitMethod.Dwp"/>) and one
/// full-covariance Gaussian per conv layer fitted to the bank (for <see cref="InitMethod.Gaussian"/>). Holds only what
/// was asked for (<see cref="Load"/>): a part nobody needs is null or empty. Does not own the VAEs.
/// </summary>
public sealed record KernelPrior(KernelBank? Bank, IReadOnlyList<KernelVae> Vaes, IReadOnlyList<KernelGaussian>? Gaussians = null)
{
    /// <summary>
    /// The parts of a front that <paramref name="needs"/> names, each read only then; null when it names none.
    /// </summary>
    public static KernelPrior? Load(FrontInputs needs, Func<KernelBank> bank, Func<IReadOnlyList<KernelVae>> vaes)
    {
        if (needs == FrontInputs.None)
        {
            return null;
        }

        // The Gaussians are fitted here from the bank's training kernels, as a VAE unit fits its baseline, so no unit
        // stores them: host arithmetic of O(kernels × k⁴) per layer (six passes with the choice of shrinkage), well
        // under a second for the published banks' 1,769 and 20,448 kernels. Each unit refits; a bank of millions of
        // kernels would want them cached per process beside the bank.
        var kernels = (needs & (FrontInputs.Bank | FrontInputs.Gaussians)) != 0 ? bank() : null;
        return new KernelPrior(
            needs.HasFlag(FrontInputs.Bank) ? kernels : null,
            needs.HasFlag(FrontInputs.Vaes) ? vaes() : [],
            needs.HasFlag(FrontInputs.Gaussians) ? [.. kernels!.Layers.Select(l => KernelGaussian.Fit(l.Train))] : null);
    }

    /// <summary>The bank, or an error naming <paramref name="user"/>, which needed it.</summary>
    public KernelBank RequireBank(string user) => Bank ?? throw new DwpException($"{user} needs the kernel bank");

    /// <summary>The Gaussians, or an error naming <paramref name="user"/>, which needed them.</summary>
    public IReadOnlyList<KernelGaussian> RequireGaussians(string user)
        => Gaussians ?? throw new DwpException($"{user} needs a Gaussian per conv layer fitted to the kernel bank");
}
