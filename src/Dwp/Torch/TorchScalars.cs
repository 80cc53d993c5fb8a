using TorchSharp;

namespace DwpFarm.Dwp.Torch;

/// <summary>
/// Scalars that live for the whole process. TorchSharp 0.107 frees a Scalar nobody disposed in its finalizer, and
/// an implicitly converted number is unreachable as soon as its handle has been read: the finalizer thread can free it
/// while libtorch is still reading it in the same call (seen as "Unknown scalar type", garbage rates and NaNs whenever
/// slots run side by side). A static field is never finalized, so these are safe to pass anywhere. The build's
/// DWP001–DWP003 checks (src/Analyzers) reject the unheld kind.
/// </summary>
public static class TorchScalars
{
    public static readonly Scalar One = 1.0.ToScalar();

    public static readonly Scalar Zero = 0.0.ToScalar();

    public static readonly Scalar Two = 2.0.ToScalar();

    /// <summary>Where libtorch's softplus (β = 1) returns its input unchanged.</summary>
    public static readonly Scalar SoftplusThreshold = 20.0.ToScalar();
}
