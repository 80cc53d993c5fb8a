namespace DwpFarm.Dwp.Vae;

/// <summary>
/// The bars a prior's samples must clear beside its bank, calibrated on the authors' published VAEs and banks
/// (<c>dwpfarm prior import</c>): their samples come out at 68 % and 69 % of the bank's median norm, and their mean
/// |cos| exceeds the bank's by 0.07 (7×7) and 0.13 (5×5). The default front's VAEs exceed it by 0.28 and 0.30.
/// </summary>
public sealed record PriorGates
{
    public static readonly PriorGates Default = new();

    /// <summary>Samples' median norm as a fraction of the bank's, at least.</summary>
    public double MinNormRatio { get; init; } = 0.4;

    /// <summary>How much more alike (mean |cos|) the samples may be than the bank's kernels.</summary>
    public double MaxAbsCosineExcess { get; init; } = 0.2;
}
