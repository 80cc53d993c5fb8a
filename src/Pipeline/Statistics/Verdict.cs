using System.Globalization;
using DwpFarm.Grains.Interfaces.Specs;

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

    /// <summary>
    /// One line from this verdict's numbers alone, e.g. "step 50: dwp − xavier = +0.0110 vs SE sum 0.0040: dwp ahead".
    /// A bayes-mode check names its train size (each run is scored once, after its last step).
    /// </summary>
    public string Describe(EvaluationMode mode) => string.Create(
        CultureInfo.InvariantCulture,
        $"{(mode == EvaluationMode.Bayes ? $"N = {TrainSize}" : $"step {Step}")}: {Method} − {Baseline} = {Difference:+0.0000;-0.0000} vs SE sum {Margin:F4}: {(Holds ? $"{Method} ahead" : "not separated")}");
}
