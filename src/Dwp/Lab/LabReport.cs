using DwpFarm.Dwp.Evaluation;
using DwpFarm.Dwp.Initialization;

namespace DwpFarm.Dwp.Lab;

/// <summary>
/// The outcome of an init-comparison lab run: what was trained, the kernel bank and VAE fits, every curve and
/// the per-method summary. Plain data; no tensors.
/// </summary>
public sealed record LabReport(
    LabSettings Settings,
    IReadOnlyList<LabSource> Sources,
    LabBank Bank,
    IReadOnlyList<LabVae> Vaes,
    IReadOnlyList<AccuracyCurve> Curves,
    IReadOnlyDictionary<InitMethod, MethodSummary> Methods,
    IReadOnlyDictionary<string, string> DataSha256,
    IReadOnlyDictionary<string, double> StageSeconds);
