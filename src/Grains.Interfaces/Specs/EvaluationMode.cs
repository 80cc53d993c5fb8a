using DwpFarm.Vocabulary;

namespace DwpFarm.Grains.Interfaces.Specs;

/// <summary>What a sweep's evaluation grid compares (<see cref="EvaluationSpec.Mode"/>).</summary>
[SpecName("mode")]
public enum EvaluationMode
{
    /// <summary>Initialisers: each target net starts from a method's kernels and trains by SGD.</summary>
    Init,

    /// <summary>Priors in variational training, scored by a Monte Carlo ensemble.</summary>
    Bayes,
}
