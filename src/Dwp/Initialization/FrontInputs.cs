namespace DwpFarm.Dwp.Initialization;

/// <summary>
/// What of a front an initialiser or a prior draws on. The one place a method or prior says it, so the runners load
/// only that (a VAE is read from its artifact, a bank may be large) and no caller lists methods by name.
/// </summary>
[Flags]
public enum FrontInputs
{
    None = 0,

    /// <summary>The kernel bank's training kernels.</summary>
    Bank = 1,

    /// <summary>One kernel VAE per conv layer.</summary>
    Vaes = 2,

    /// <summary>A full-covariance Gaussian per conv layer, fitted to the bank's training kernels.</summary>
    Gaussians = 4,
}
