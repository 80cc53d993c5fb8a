using System.Text.Json.Nodes;
using DwpFarm.Dwp.Lab;

namespace DwpFarm.Client.Commands.Lab;

/// <summary>The one-line JSON form of a <see cref="LabReport"/>: the required keys first, then the record of settings, seeds and data.</summary>
internal static class LabReportJson
{
    public static JsonObject From(LabReport report, double seconds, IReadOnlyDictionary<string, string> origins)
    {
        var settings = report.Settings;
        var steps = report.Methods.Values.First().Steps;
        var methods = new JsonObject();
        foreach (var (method, summary) in report.Methods)
        {
            methods[Name(method)] = new JsonObject
            {
                ["mean"] = Numbers(summary.Mean),
                ["std"] = Numbers(summary.Std),
                ["n"] = summary.N,
            };
        }

        return new JsonObject
        {
            ["steps"] = new JsonArray(steps.Select(s => (JsonNode)s).ToArray()),
            ["methods"] = methods,
            ["dwp_beats_xavier"] = new JsonObject(LabVerdict.DwpBeatsXavier(report).Select(v =>
                KeyValuePair.Create(v.Step.ToString(System.Globalization.CultureInfo.InvariantCulture), (JsonNode?)v.Holds))),
            ["seconds"] = Math.Round(seconds, 1),
            ["stage_seconds"] = new JsonObject(report.StageSeconds.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Math.Round(kv.Value, 1)))),
            ["settings"] = new JsonObject
            {
                ["seed"] = settings.Seed,
                ["sources"] = settings.Sources,
                ["source_widths"] = settings.SourceWidths.ToString(),
                ["source_epochs"] = settings.SourceEpochs,
                ["source_batch"] = settings.SourceBatchSize,
                ["pruning"] = settings.Pruning.ToString(),
                ["bank_test_fraction"] = settings.BankTestFraction,
                ["vae_steps"] = settings.VaeSteps,
                ["vae_max_epochs"] = settings.VaeEpochs,
                ["vae_batch"] = settings.VaeBatchSize,
                ["target_widths"] = settings.Target.Widths.ToString(),
                ["target_train_count"] = settings.Target.TrainCount,
                ["target_batch"] = settings.Target.BatchSize,
                ["target_lr"] = settings.Target.LearningRate,
                ["target_seeds"] = new JsonArray(Enumerable.Range(0, settings.Repeats).Select(r => (JsonNode)(settings.Seed + r)).ToArray()),
                ["slots"] = settings.Slots,
                ["threads_per_slot"] = settings.ThreadsPerSlot,
                ["device"] = "cpu",
                ["libtorch"] = TorchSharp.torch.__version__,
                ["torchsharp"] = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(),
            },
            ["data"] = new JsonObject(report.DataSha256.Select(kv => KeyValuePair.Create(kv.Key + "_sha256", (JsonNode?)kv.Value))
                .Concat(origins.Select(kv => KeyValuePair.Create(kv.Key + "_origin", (JsonNode?)kv.Value)))),
            ["sources"] = new JsonArray(report.Sources.Select(s => (JsonNode)new JsonObject
            {
                ["seed"] = s.Seed,
                ["letters_test_accuracy"] = Math.Round(s.TestAccuracy, 4),
                ["checkpoint_sha256"] = s.CheckpointSha256,
            }).ToArray()),
            ["bank"] = new JsonObject
            {
                ["sha256"] = report.Bank.Sha256,
                ["layers"] = new JsonArray(report.Bank.Layers.Select(l => (JsonNode)new JsonObject
                {
                    ["kernel"] = l.KernelSize,
                    ["train"] = l.Train,
                    ["test"] = l.Test,
                    ["pruned"] = l.Pruned,
                    ["median_norm"] = Math.Round(l.MedianNorm, 4),
                }).ToArray()),
            },
            ["vaes"] = new JsonArray(report.Vaes.Select(v => (JsonNode)new JsonObject
            {
                ["kernel"] = v.KernelSize,
                ["epochs"] = v.Epochs,
                ["train_loss"] = Math.Round(v.TrainLoss, 3),
                ["test_elbo"] = double.IsFinite(v.TestElbo) ? Math.Round(v.TestElbo, 3) : null,
                ["sample_median_norm"] = Math.Round(v.SampleMedianNorm, 4),
            }).ToArray()),
        };
    }

    public static string Name(DwpFarm.Dwp.Initialization.InitMethod method) => method.ToString().ToLowerInvariant();

    private static JsonArray Numbers(IReadOnlyList<double> values) => new(values.Select(v => (JsonNode)Math.Round(v, 4)).ToArray());
}
