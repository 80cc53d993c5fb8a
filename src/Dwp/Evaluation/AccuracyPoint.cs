namespace DwpFarm.Dwp.Evaluation;

/// <summary>Test accuracy after <see cref="Step"/> optimisation steps.</summary>
public sealed record AccuracyPoint(int Step, double Accuracy);
