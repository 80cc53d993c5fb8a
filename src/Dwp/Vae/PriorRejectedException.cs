namespace DwpFarm.Dwp.Vae;

/// <summary>A fitted VAE that misses its quality gates: a failed unit, never a prior.</summary>
public sealed class PriorRejectedException(string message) : DwpException(message);
