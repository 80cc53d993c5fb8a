using static TorchSharp.torch;

namespace DwpFarm.Dwp.Torch;

/// <summary>ELU with α = 1, as nn.ELU() computes it, but with held Scalars (TorchSharp's module makes three per call).</summary>
public sealed class Elu : nn.Module<Tensor, Tensor>
{
    public Elu()
        : base(nameof(Elu))
    {
    }

    public override Tensor forward(Tensor input) => input.elu(TorchScalars.One, TorchScalars.One, TorchScalars.One);
}
