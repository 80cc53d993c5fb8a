using System.Diagnostics;
using DwpFarm.Dwp.Evaluation;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Dwp.Torch;

namespace DwpFarm.Dwp.Lab;

/// <summary>
/// The whole init-mode experiment in one process: S source nets on letters → kernel bank → one VAE per conv
/// layer (<see cref="PriorStages"/>) → R target runs per initialiser on MNIST, spread over the slots.
/// </summary>
public static class InitComparePipeline
{
    public static readonly IReadOnlyList<InitMethod> Methods = [InitMethod.Dwp, InitMethod.Filters, InitMethod.Xavier, InitMethod.Default];

    public static LabReport Run(LabInputs inputs, LabSettings settings, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        settings.Validate();
        log ??= _ => { };
        using var front = PriorStages.Run(inputs, settings, log, cancellationToken);
        var clock = Stopwatch.StartNew();

        // 4. Target runs: every (method, seed) pair is one unit.
        var prior = new KernelPrior(front.Bank, front.Vaes);
        var units = Enumerable.Range(0, settings.Repeats).SelectMany(r => Methods.Select(m => (Method: m, Seed: settings.Seed + r))).ToArray();
        var curves = SlotRunner.Run(units, settings.Slots, settings.ThreadsPerSlot, (unit, ct) =>
        {
            var curve = InitComparisonRunner.Run(inputs.MnistTrain, inputs.MnistTest, unit.Method, prior, settings.Target, unit.Seed, cancellationToken: ct);
            log($"{unit.Method.ToString().ToLowerInvariant()} seed {unit.Seed}: {string.Join(" ", curve.Points.Select(p => $"{p.Step}:{p.Accuracy:F3}"))}");
            return curve;
        }, u => $"{u.Method.ToString().ToLowerInvariant()} seed {u.Seed}", cancellationToken);
        var stages = new Dictionary<string, double>(front.StageSeconds) { ["targets"] = PriorStages.Lap(clock) };

        var steps = settings.Target.Schedule();
        var methods = Methods.ToDictionary(
            m => m,
            m => MethodSummary.Of(steps, curves.Where(c => c.Method == m).Select(c => (IReadOnlyList<double>)c.Points.Select(p => p.Accuracy).ToArray()).ToArray()));
        return new LabReport(settings, front.Sources, front.BankSummary, front.VaeSummaries, curves, methods, PriorStages.DataSha256(inputs), stages);
    }
}
