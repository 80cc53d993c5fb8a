namespace DwpFarm.Dwp.Lab;

/// <summary>One fitted VAE: final training loss, held-out ELBO, and the median norm of its samples.</summary>
public sealed record LabVae(int KernelSize, int Epochs, double TrainLoss, double TestElbo, double SampleMedianNorm, double KernelsPerSecond);
