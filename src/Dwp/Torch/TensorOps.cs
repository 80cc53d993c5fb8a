using TorchSharp;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Torch;

/// <summary>
/// Tensor arithmetic that makes no Scalar it does not hold (see <see cref="TorchScalars"/>): TorchSharp's <c>+</c>
/// passes a temporary alpha of 1, and its operators with a number operand a temporary Scalar (tensor − tensor and tensor ×
/// tensor make none, and stay operators). Each of these
/// holds its Scalar in a using declaration, which keeps it reachable until libtorch has returned. Apart from
/// <see cref="Softplus"/>, these are the kernels the operators call, so they give the same bits.
/// </summary>
public static class TensorOps
{
    /// <summary>a + b.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, TorchScalars.One);

    /// <summary>a + value.</summary>
    public static Tensor Plus(this Tensor a, double value)
    {
        using var scalar = value.ToScalar();
        return a.add(scalar, TorchScalars.One);
    }

    /// <summary>a − value.</summary>
    public static Tensor Minus(this Tensor a, double value)
    {
        using var scalar = value.ToScalar();
        return a.sub(scalar);
    }

    /// <summary>a · value.</summary>
    public static Tensor Times(this Tensor a, double value)
    {
        using var scalar = value.ToScalar();
        return a.mul(scalar);
    }

    /// <summary>a / value.</summary>
    public static Tensor Over(this Tensor a, double value)
    {
        using var scalar = value.ToScalar();
        return a.div(scalar);
    }

    /// <summary>x², as TorchSharp's <c>square()</c> computes it (pow with exponent 2) but with a held exponent.</summary>
    public static Tensor Squared(this Tensor x) => x.pow(TorchScalars.Two);

    /// <summary>In place: a += b.</summary>
    public static Tensor PlusInPlace(this Tensor a, Tensor b) => a.add_(b, TorchScalars.One);

    /// <summary>
    /// The function of libtorch's softplus with β = 1 and threshold 20: log(1 + eˣ), and x itself above the threshold.
    /// TorchSharp's softplus makes both Scalars itself and offers no overload taking held ones. The exponent is
    /// capped at the threshold so the branch <c>where</c> discards stays finite and passes back a zero gradient, not NaN.
    /// </summary>
    public static Tensor Softplus(this Tensor x)
    {
        using var scope = NewDisposeScope();
        var smooth = x.clamp_max(TorchScalars.SoftplusThreshold).exp().log1p();
        return where(x.gt(TorchScalars.SoftplusThreshold), x, smooth).MoveToOuterDisposeScope();
    }
}
