using System.Globalization;
using System.Text.Json.Nodes;
using DwpFarm.Dwp.Bayes;
using DwpFarm.Dwp.Lab;

namespace DwpFarm.Client.Commands.Lab;

/// <summary>The one-line JSON form of a <see cref="FewShotReport"/>: sizes, priors and settings first, then the record.</summary>
internal static class FewShotReportJson
{
    public static JsonObject From(FewShotReport report, double seconds, IReadOnlyDictionary<string, string> origins)
    {
        var settings = report.Settings;
        var bayes = settings.Bayes;
        var priors = new JsonObject();
        var paper = new JsonObject();
        foreach (var (prior, cells) in report.Cells)
        {
            priors[WeightPriors.Name(prior)] = new JsonObject
            {
                ["mean"] = LabReportJson.Numbers(cells.Select(c => c.Mean).ToArray()),
                ["std"] = LabReportJson.Numbers(cells.Select(c => c.Std).ToArray()),
                ["n"] = cells.Count > 0 ? cells.Min(c => c.N) : 0,
            };
            paper[WeightPriors.Name(prior)] = new JsonArray(settings.Sizes.Select(n => (JsonNode?)PaperFewShotTable.Lookup(prior, n)).ToArray());
        }

        return new JsonObject
        {
            ["sizes"] = new JsonArray(settings.Sizes.Select(n => (JsonNode)n).ToArray()),
            ["priors"] = priors,
            ["settings"] = LabReportJson.Settings(settings.Front, new JsonObject
            {
                ["target_widths"] = bayes.Widths.ToString(),
                ["target_steps"] = bayes.Steps,
                ["target_batch"] = bayes.BatchSize,
                ["target_lr"] = bayes.LearningRate,
                ["target_lr_schedule"] = "linear to 0",
                ["target_mean_init"] = settings.MeanInit,
                ["target_log_variance_init"] = BayesConv2d.InitialLogVariance,
                ["target_alpha_logit_init"] = BayesConv2d.InitialAlphaLogit,
                ["ensemble_samples"] = bayes.EnsembleSamples,
                ["kl_weight"] = bayes.KlWeight,
                ["dwp_kernels_per_step"] = settings.DwpKernelsPerStep,
                ["target_seeds"] = LabReportJson.Seeds(settings.Front.Seed, settings.Repeats),
            }),
            ["paper"] = paper,
            ["dwp_beats_sn"] = new JsonObject(FewShotVerdict.DwpBeatsSn(report).Select(v =>
                KeyValuePair.Create(v.TrainSize.ToString(CultureInfo.InvariantCulture), (JsonNode?)new JsonObject
                {
                    ["difference"] = Math.Round(v.Difference, 4),
                    ["se_sum"] = Math.Round(v.Margin, 4),
                    ["holds"] = v.Holds,
                }))),
            ["seconds"] = Math.Round(seconds, 1),
            ["stage_seconds"] = LabReportJson.StageSeconds(report.StageSeconds),
            ["data"] = LabReportJson.Data(report.DataSha256, origins),
            ["sources"] = LabReportJson.Sources(report.Sources),
            ["bank"] = LabReportJson.Bank(report.Bank),
            ["vaes"] = LabReportJson.Vaes(report.Vaes),
            ["runs"] = new JsonArray(report.Runs.Select(r => (JsonNode)new JsonObject
            {
                ["prior"] = WeightPriors.Name(r.Prior),
                ["n"] = r.TrainCount,
                ["seed"] = r.Seed,
                ["ensemble_accuracy"] = Math.Round(r.EnsembleAccuracy, 4),
                ["mean_accuracy"] = Math.Round(r.MeanAccuracy, 4),
                ["final_nll"] = Math.Round(r.FinalNll, 2),
                ["final_kl"] = Math.Round(r.FinalKl, 2),
                ["train_sha256"] = r.TrainSha256,
                ["seconds"] = Math.Round(r.Seconds, 1),
                ["kernels"] = new JsonArray(r.Kernels.Select(k => (JsonNode)new JsonObject
                {
                    ["median_norm"] = Math.Round(k.MedianNorm, 4),
                    ["mean_abs_cosine"] = Math.Round(k.MeanAbsCosine, 4),
                }).ToArray()),
            }).ToArray()),
        };
    }
}
