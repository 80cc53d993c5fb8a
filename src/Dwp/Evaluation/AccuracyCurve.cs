using DwpFarm.Dwp.Initialization;

namespace DwpFarm.Dwp.Evaluation;

/// <summary>
/// The test-accuracy curve of one target run. Everything but <see cref="Seconds"/> is fixed by
/// (method, seed, options, data, prior).
/// </summary>
/// <param name="Method">The initialiser.</param>
/// <param name="Seed">The run seed: fixes the training subset, the shuffle and all initial weights.</param>
/// <param name="Points">Accuracy at each scheduled step, ascending.</param>
/// <param name="TrainSha256">Fingerprint of the N training examples that were used.</param>
/// <param name="Seconds">Wall time of the run.</param>
public sealed record AccuracyCurve(InitMethod Method, long Seed, IReadOnlyList<AccuracyPoint> Points, string TrainSha256, double Seconds)
{
    public double At(int step) => Points.First(p => p.Step == step).Accuracy;
}
