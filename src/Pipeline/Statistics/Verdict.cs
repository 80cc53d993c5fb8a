namespace DwpFarm.Pipeline.Statistics;

/// <summary>
/// Whether a method beats a baseline at one point of the table (a step, or a train size): its mean exceeds
/// the baseline's by more than the sum of the two standard errors.
/// </summary>
public sealed record Verdict(string Method, string Baseline, int TrainSize, int Step, double Difference, double Margin)
{
    public bool Holds => Difference > Margin;

    public static Verdict Of(string method, Summary measured, string baseline, Summary reference, int trainSize, int step) =>
        new(method, baseline, trainSize, step, measured.Mean - reference.Mean, measured.StandardError + reference.StandardError);
}
