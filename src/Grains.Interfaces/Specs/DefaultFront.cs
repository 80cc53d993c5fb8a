using DwpFarm.Pipeline.Specs;

namespace DwpFarm.Grains.Interfaces.Specs;

/// <summary>
/// The front a spec builds unless it says otherwise, and so the demo's: the smallest measured on 2 cores whose DWP
/// initialisation beats Xavier at the seed's settings over independent fronts (docs/results.md, "Wide sources and the
/// high-norm tail"), built in minutes. Wide sources, and a bank of each layer's high-norm tail, as the authors' banks
/// are. It does not beat PyTorch's default initialisation; the lab's front, which does, takes about an hour
/// (src/Client/Commands/Lab/LabFront.cs).
/// </summary>
public static class DefaultFront
{
    /// <summary>Source nets; the paper trains 100.</summary>
    public const int Sources = 8;

    /// <summary>Conv widths (h0, h1) of the source nets; the paper uses (256, 512).</summary>
    public static readonly IReadOnlyList<int> Widths = [128, 64];

    /// <summary>
    /// L2 on the conv weights only, as this front was measured (docs/results.md); the authors' scope, weights and biases,
    /// is one a 3-epoch source barely feels but an authors'-length one does.
    /// </summary>
    public const bool L2Biases = false;

    /// <summary>Each layer's kernels the bank keeps: the ones with the largest norms, as the authors' banks do.</summary>
    public const PruneRule Rule = PruneRule.Top;

    /// <summary>The fraction of each layer's kernels the bank keeps, by norm.</summary>
    public const double KeepTop = 0.10;

    /// <summary>
    /// Optimiser steps of the conv2 VAE (192 epochs over its ~5,900 kernels), in one fit: at conv1's 600 its samples
    /// come out a little too alike for the |cos| gate on 2 of 3 fronts, and at the best of 3 starts of 3,000 on the demo's
    /// front; one fit of the same 9,000 steps, as the authors fit theirs, passes on all 4 (docs/results.md).
    /// </summary>
    public const int Conv2Steps = 9000;

    /// <summary>Starts of the conv2 fit: one, so that its 9,000 steps go to a single longer fit.</summary>
    public const int Conv2Restarts = 1;
}
