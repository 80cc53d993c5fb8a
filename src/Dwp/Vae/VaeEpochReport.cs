namespace DwpFarm.Dwp.Vae;

/// <summary>One VAE training epoch: the mean negative ELBO per kernel (nats) and the wall time.</summary>
public sealed record VaeEpochReport(int Epoch, double Loss, long Kernels, double Seconds)
{
    public double KernelsPerSecond => Seconds > 0 ? Kernels / Seconds : 0;
}
