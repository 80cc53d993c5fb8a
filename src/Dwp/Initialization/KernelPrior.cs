using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Vae;

namespace DwpFarm.Dwp.Initialization;

/// <summary>
/// What the kernel-based initialisers draw from: the bank (for <see cref="InitMethod.Filters"/>) and one VAE
/// per conv layer (for <see cref="InitMethod.Dwp"/>), both in conv-layer order. Does not own the VAEs.
/// </summary>
public sealed record KernelPrior(KernelBank Bank, IReadOnlyList<KernelVae> Vaes);
