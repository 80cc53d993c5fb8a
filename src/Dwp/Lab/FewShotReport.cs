using DwpFarm.Dwp.Bayes;

namespace DwpFarm.Dwp.Lab;

/// <summary>
/// The outcome of a few-shot lab run: what was trained, the bank and VAE fits, every bayes-mode run, and per
/// prior one <see cref="FewShotCell"/> per train size (in <see cref="FewShotSettings.Sizes"/> order). Plain data.
/// </summary>
public sealed record FewShotReport(
    FewShotSettings Settings,
    IReadOnlyList<LabSource> Sources,
    LabBank Bank,
    IReadOnlyList<LabVae> Vaes,
    IReadOnlyList<BayesResult> Runs,
    IReadOnlyDictionary<WeightPriorKind, IReadOnlyList<FewShotCell>> Cells,
    IReadOnlyDictionary<string, string> DataSha256,
    IReadOnlyDictionary<string, double> StageSeconds);
