namespace DwpFarm.Dwp.Vae;

/// <summary>The two kernel VAEs of the paper: 7×7 kernels (hidden 32, z = 2) and 5×5 kernels (hidden 64, z = 4).</summary>
public sealed record VaeArchitecture(int KernelSize, int Hidden, int Latent)
{
    public static readonly VaeArchitecture Kernel7 = new(7, 32, 2);
    public static readonly VaeArchitecture Kernel5 = new(5, 64, 4);

    public static VaeArchitecture For(int kernelSize) => kernelSize switch
    {
        7 => Kernel7,
        5 => Kernel5,
        _ => throw new DwpException($"kernel VAE: there is no VAE for {kernelSize}×{kernelSize} kernels (only 7×7 and 5×5)"),
    };
}
