namespace DwpFarm.Dwp.Lab;

/// <summary>
/// One fitted VAE: final training loss, held-out ELBO and that of i.i.d. Gaussian noise of the bank's scale (the
/// VAE's gain over it is what the prior knows), the median norm of its samples, and its latent usage (mean
/// KL(r(z|w) ‖ p(z)) per held-out kernel, nats).
/// </summary>
public sealed record LabVae(int KernelSize, int Epochs, double TrainLoss, double TestElbo, double WhiteNoiseElbo, double SampleMedianNorm, double KernelsPerSecond, double LatentKl);
