using System.Text.Json.Nodes;

namespace DwpFarm.Deploy.Tests;

/// <summary>Rendered Kubernetes objects, with the look-ups the tests need.</summary>
internal sealed class Manifests(string origin, IReadOnlyList<JsonObject> objects)
{
    private static readonly string[] Workloads = ["Deployment", "StatefulSet", "Job", "CronJob"];

    public string Origin => origin;

    public IReadOnlyList<JsonObject> All => objects;

    public IEnumerable<JsonObject> OfKind(string kind) => objects.Where(o => Text(o["kind"]) == kind);

    public JsonObject Single(string kind, string name) =>
        OfKind(kind).SingleOrDefault(o => Name(o) == name) ?? throw new Xunit.Sdk.XunitException($"{origin}: no {kind} {name}");

    /// <summary>The pod templates of the workloads, with the workload they belong to; a bare Pod is its own template.</summary>
    public IEnumerable<(JsonObject Workload, JsonObject Pod)> PodTemplates() =>
        objects.Where(o => Workloads.Contains(Text(o["kind"])) || Text(o["kind"]) == "Pod")
            .Select(o => (o, Text(o["kind"]) switch
            {
                "Pod" => o,
                "CronJob" => o["spec"]!["jobTemplate"]!["spec"]!["template"]!.AsObject(),
                _ => o["spec"]!["template"]!.AsObject(),
            }));

    /// <summary>Pod templates whose labels a selector (matchLabels or a plain label map) selects.</summary>
    public IReadOnlyList<JsonObject> PodsSelectedBy(JsonNode? selector)
    {
        var wanted = Labels(selector?["matchLabels"] ?? selector);
        return wanted.Count == 0
            ? []
            : [.. PodTemplates().Select(t => t.Pod).Where(p => wanted.All(w => Labels(p["metadata"]?["labels"]).TryGetValue(w.Key, out var v) && v == w.Value))];
    }

    public static string Name(JsonNode o) => Text(o["metadata"]?["name"]);

    public static string Text(JsonNode? node) => node is JsonValue value ? value.ToString() : string.Empty;

    public static Dictionary<string, string> Labels(JsonNode? map) =>
        map is JsonObject o ? o.ToDictionary(kv => kv.Key, kv => Text(kv.Value)) : [];

    public static IEnumerable<JsonObject> Containers(JsonObject pod) =>
        (pod["spec"]?["containers"]?.AsArray() ?? []).Select(c => c!.AsObject());

    public static IEnumerable<JsonObject> InitContainers(JsonObject pod) =>
        (pod["spec"]?["initContainers"]?.AsArray() ?? []).Select(c => c!.AsObject());

    /// <summary>The Secret a pod's volume of that name projects.</summary>
    public static JsonObject SecretVolume(JsonObject pod, string volume) =>
        (pod["spec"]?["volumes"]?.AsArray() ?? []).Select(v => v!.AsObject()).SingleOrDefault(v => Text(v["name"]) == volume)?["secret"]?.AsObject()
        ?? throw new Xunit.Sdk.XunitException($"no secret volume {volume}");

    public static JsonObject Container(JsonObject pod, string name) =>
        Containers(pod).SingleOrDefault(c => Text(c["name"]) == name) ?? throw new Xunit.Sdk.XunitException($"no container {name}");

    /// <summary>containerPort by port name.</summary>
    public static Dictionary<string, long> Ports(JsonObject container) =>
        (container["ports"]?.AsArray() ?? []).ToDictionary(p => Text(p!["name"]), p => p!["containerPort"]!.GetValue<long>());

    public static IEnumerable<JsonObject> Env(JsonObject container) =>
        (container["env"]?.AsArray() ?? []).Select(e => e!.AsObject());

    public static string EnvValue(JsonObject container, string name) =>
        Env(container).Where(e => Text(e["name"]) == name).Select(e => Text(e["value"])).SingleOrDefault()
        ?? throw new Xunit.Sdk.XunitException($"container {Text(container["name"])} has no env {name}");
}
