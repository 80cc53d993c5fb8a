namespace DwpFarm.Client.Commands.Lab;

/// <summary>
/// The front the lab builds unless a flag changes it: the smallest measured on 2 cores whose DWP initialisation beats
/// Xavier at the seed's settings over independent fronts (docs/results.md, "Wide sources and the high-norm tail").
/// Wider sources than the spec's default, and a bank of each layer's high-norm tail, as the authors' banks are.
/// </summary>
internal static class LabFront
{
    public const int Sources = 8;

    public static readonly IReadOnlyList<int> Widths = [128, 64];

    /// <summary>The fraction of each layer's kernels the bank keeps, by norm.</summary>
    public const double KeepTop = 0.10;

    /// <summary>
    /// Optimiser steps of the conv2 VAE (64 epochs over its ~5,900 kernels): at the spec's 600 its samples come out a
    /// little too alike for the |cos| gate on 2 of 3 fronts; at 3,000, from 3 starts, every front's pass.
    /// </summary>
    public const int Conv2Steps = 3000;
}
