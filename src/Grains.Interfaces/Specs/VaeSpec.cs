namespace DwpFarm.Grains.Interfaces.Specs;

/// <summary>
/// Training settings of one layer's kernel VAE; the architecture follows from the kernel size. A layer with few
/// kernels needs more epochs than one with many, so the length is given in optimiser steps
/// (<see cref="Steps"/>), capped at <see cref="Epochs"/>; with <c>steps: 0</c> every layer trains <see cref="Epochs"/> epochs.
/// </summary>
[GenerateSerializer, Immutable, Alias("dwp.VaeSpec")]
public sealed record VaeSpec
{
    /// <summary>Epochs, or the most epochs when <see cref="Steps"/> is set (the paper's 300).</summary>
    [Id(0)] public int Epochs { get; init; } = 300;

    [Id(1)] public int Batch { get; init; } = 128;

    [Id(2)] public double Lr { get; init; } = 1e-3;

    [Id(3)] public int Seed { get; init; }

    /// <summary>Optimiser steps the fit aims for, whole epochs over the layer's training kernels; 0: <see cref="Epochs"/> epochs.</summary>
    [Id(4)] public int Steps { get; init; } = 600;

    /// <summary>Fits from different initialisations; the one with the best held-out ELBO is kept, so one bad start does not fail a sweep.</summary>
    [Id(5)] public int Restarts { get; init; } = 3;
}
