namespace DwpFarm.Dwp.Vae;

/// <summary>VAE training settings. Defaults are the paper's (300 epochs, batch 128, Adam 1e-3 decayed linearly).</summary>
public sealed record KernelVaeOptions
{
    public int Epochs { get; init; } = 300;

    public int BatchSize { get; init; } = 128;

    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Seeds the shuffle and the reparameterisation noise.</summary>
    public long Seed { get; init; }

    public void Validate()
    {
        if (Epochs < 1 || BatchSize < 1)
        {
            throw new DwpException($"kernel VAE: epochs and batch size must be at least 1, got {Epochs} and {BatchSize}");
        }

        if (LearningRate < 0)
        {
            throw new DwpException($"kernel VAE: learning rate must be non-negative, got {LearningRate}");
        }
    }
}
