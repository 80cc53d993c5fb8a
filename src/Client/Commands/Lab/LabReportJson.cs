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
            ["stage_seconds"] = StageSeconds(report.StageSeconds),
            ["settings"] = Settings(settings, new JsonObject
            {
                ["target_widths"] = settings.Target.Widths.ToString(),
                ["target_train_count"] = settings.Target.TrainCount,
                ["target_batch"] = settings.Target.BatchSize,
                ["target_lr"] = settings.Target.LearningRate,
                ["target_seeds"] = Seeds(settings.Seed, settings.Repeats),
            }),
            ["data"] = Data(report.DataSha256, origins),
            ["sources"] = Sources(report.Sources),
            ["bank"] = Bank(report.Bank),
            ["vaes"] = Vaes(report.Vaes),
        };
    }

    /// <summary>The front's settings (sources, bank, VAEs, slots, versions), with <paramref name="target"/>'s keys after the sources'.</summary>
    public static JsonObject Settings(LabSettings settings, JsonObject target)
    {
        var json = new JsonObject
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
        };
        foreach (var (key, value) in target.ToArray())
        {
            target.Remove(key);
            json[key] = value;
        }

        json["slots"] = settings.Slots;
        json["threads_per_slot"] = settings.ThreadsPerSlot;
        json["device"] = "cpu";
        json["libtorch"] = TorchSharp.torch.__version__;
        json["torchsharp"] = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString();
        return json;
    }

    public static JsonArray Seeds(long first, int count) => new(Enumerable.Range(0, count).Select(r => (JsonNode)(first + r)).ToArray());

    public static JsonObject Data(IReadOnlyDictionary<string, string> sha256, IReadOnlyDictionary<string, string> origins)
        => new(sha256.Select(kv => KeyValuePair.Create(kv.Key + "_sha256", (JsonNode?)kv.Value))
            .Concat(origins.Select(kv => KeyValuePair.Create(kv.Key + "_origin", (JsonNode?)kv.Value))));

    public static JsonArray Sources(IReadOnlyList<LabSource> sources) => new(sources.Select(s => (JsonNode)new JsonObject
    {
        ["seed"] = s.Seed,
        ["letters_test_accuracy"] = Math.Round(s.TestAccuracy, 4),
        ["checkpoint_sha256"] = s.CheckpointSha256,
    }).ToArray());

    public static JsonObject Bank(LabBank bank) => new()
    {
        ["sha256"] = bank.Sha256,
        ["layers"] = new JsonArray(bank.Layers.Select(l => (JsonNode)new JsonObject
        {
            ["kernel"] = l.KernelSize,
            ["train"] = l.Train,
            ["test"] = l.Test,
            ["pruned"] = l.Pruned,
            ["median_norm"] = Math.Round(l.MedianNorm, 4),
        }).ToArray()),
    };

    public static JsonArray Vaes(IReadOnlyList<LabVae> vaes) => new(vaes.Select(v => (JsonNode)new JsonObject
    {
        ["kernel"] = v.KernelSize,
        ["epochs"] = v.Epochs,
        ["train_loss"] = Math.Round(v.TrainLoss, 3),
        ["test_elbo"] = double.IsFinite(v.TestElbo) ? Math.Round(v.TestElbo, 3) : null,
        ["white_noise_elbo"] = Math.Round(v.WhiteNoiseElbo, 3),
        ["sample_median_norm"] = Math.Round(v.SampleMedianNorm, 4),
        ["latent_kl"] = Math.Round(v.LatentKl, 3),
    }).ToArray());

    public static JsonObject StageSeconds(IReadOnlyDictionary<string, double> stages)
        => new(stages.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Math.Round(kv.Value, 1))));

    public static string Name(DwpFarm.Dwp.Initialization.InitMethod method) => method.ToString().ToLowerInvariant();

    public static JsonArray Numbers(IReadOnlyList<double> values) => new(values.Select(v => (JsonNode)Math.Round(v, 4)).ToArray());
}
