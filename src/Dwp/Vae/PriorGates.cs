namespace DwpFarm.Dwp.Vae;

/// <summary>
/// The bars a prior's samples must clear beside its bank. Calibrated so that the authors' published VAEs pass on
/// their own banks (their samples come out at 45–70 % of the bank's norm; docs/results.md).
/// </summary>
public sealed record PriorGates
{
    public static readonly PriorGates Default = new();

    /// <summary>Samples' median norm as a fraction of the bank's, at least.</summary>
    public double MinNormRatio { get; init; } = 0.4;

    /// <summary>How much more alike (mean |cos|) the samples may be than the bank's kernels.</summary>
    public double MaxAbsCosineExcess { get; init; } = 0.2;
}
