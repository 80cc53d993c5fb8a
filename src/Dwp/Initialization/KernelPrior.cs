using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Vae;

namespace DwpFarm.Dwp.Initialization;

/// <summary>
/// What the kernel-based initialisers and priors draw from, in conv-layer order: the bank (for
/// <see cref="InitMethod.Filters"/>) and one VAE per conv layer (for <see cref="InitMethod.Dwp"/>). Holds only what
/// was asked for (<see cref="Load"/>): a part nobody needs is null or empty. Does not own the VAEs.
/// </summary>
public sealed record KernelPrior(KernelBank? Bank, IReadOnlyList<KernelVae> Vaes)
{
    /// <summary>
    /// The parts of a front that <paramref name="needs"/> names, each read only then; null when it names none.
    /// </summary>
    public static KernelPrior? Load(FrontInputs needs, Func<KernelBank> bank, Func<IReadOnlyList<KernelVae>> vaes)
        => needs == FrontInputs.None
            ? null
            : new KernelPrior(needs.HasFlag(FrontInputs.Bank) ? bank() : null, needs.HasFlag(FrontInputs.Vaes) ? vaes() : []);

    /// <summary>The bank, or an error naming <paramref name="user"/>, which needed it.</summary>
    public KernelBank RequireBank(string user) => Bank ?? throw new DwpException($"{user} needs the kernel bank");
}
