using System.Text.Json.Nodes;
using static DwpFarm.Deploy.Tests.Manifests;

namespace DwpFarm.Deploy.Tests;

/// <summary>
/// overlays/external-postgres: the cpu overlay on a PostgreSQL outside the cluster. Nothing of the in-cluster server
/// is left, the silos and their db-init read the connection string from the Secret, and the silos may leave the cluster
/// for the database's port.
/// </summary>
public sealed class ExternalPostgresTests
{
    private const string Secret = "dwpfarm-db";
    private const string ConnectionKey = "connection-string";

    /// <summary>The in-cluster server and its backup, as kind/name.</summary>
    private static readonly string[] Removed =
    [
        "StatefulSet/dwpfarm-postgres", "Service/dwpfarm-postgres", "NetworkPolicy/dwpfarm-postgres",
        "CronJob/dwpfarm-postgres-backup", "NetworkPolicy/dwpfarm-postgres-backup", "ConfigMap/dwpfarm-postgres-backup",
    ];

    [Fact]
    public async Task It_is_the_cpu_overlay_without_the_in_cluster_database()
    {
        var cpu = await Kustomize.BuildAsync("overlays/cpu");
        var external = await Kustomize.BuildAsync(Kustomize.ExternalPostgres);

        Assert.Empty(external.OfKind("StatefulSet"));
        Assert.DoesNotContain(external.All, o => Text(o["kind"]) is "Namespace" or "PersistentVolumeClaim" or "Secret" or "Job" or "CronJob");
        Assert.DoesNotContain(external.All, o => Labels(o["metadata"]!["labels"]).GetValueOrDefault("app.kubernetes.io/component") is "postgres" or "postgres-backup");
        Assert.Empty(Removed.Except(cpu.All.Select(Id)));
        Assert.Equal(cpu.All.Select(Id).Except(Removed).Order(), external.All.Select(Id).Order());

        // Object for object the cpu overlay's, but for the silos' network policy (the next tests).
        foreach (var o in external.All.Where(o => Id(o) != "NetworkPolicy/dwpfarm-silo"))
        {
            Assert.True(JsonNode.DeepEquals(cpu.All.Single(c => Id(c) == Id(o)), o), $"{Id(o)} differs from the cpu overlay's");
        }
    }

    [Fact]
    public async Task The_silos_and_db_init_read_the_connection_string_from_the_secret()
    {
        var external = await Kustomize.BuildAsync(Kustomize.ExternalPostgres);
        var pod = OverlayTests.SiloPod(external);
        var silo = Container(pod, "silo");

        var connection = Env(silo).Single(e => Text(e["name"]) == "Database__ConnectionString");
        Assert.Null(connection["value"]);
        var reference = connection["valueFrom"]!["secretKeyRef"]!;
        Assert.Equal((Secret, ConnectionKey), (Text(reference["name"]), Text(reference["key"])));
        Assert.Equal("Postgres", EnvValue(silo, "Database__Provider"));
        Assert.Equal("Postgres", EnvValue(silo, "Farm__Clustering"));

        // db-init creates the schema in that same database; no pod reads the other keys, which only the in-cluster
        // server took.
        var init = Assert.Single(InitContainers(pod));
        Assert.Equal(["db", "init", "--postgres", "$(DWPFARM_DB_CONNECTION)"], init["args"]!.AsArray().Select(Text));
        Assert.True(JsonNode.DeepEquals(reference, Env(init).Single(e => Text(e["name"]) == "DWPFARM_DB_CONNECTION")["valueFrom"]!["secretKeyRef"]));
        var keys = external.PodTemplates().SelectMany(t => Containers(t.Pod).Concat(InitContainers(t.Pod))).SelectMany(Env)
            .Select(e => e["valueFrom"]?["secretKeyRef"]).OfType<JsonObject>().Where(r => Text(r["name"]) == Secret).Select(r => Text(r["key"])).Distinct();
        Assert.Equal([ConnectionKey], keys);
    }

    [Fact]
    public async Task The_silos_may_leave_the_cluster_for_the_database_port_and_for_nothing_else_new()
    {
        var cpuPolicy = (await Kustomize.BuildAsync("overlays/cpu")).Single("NetworkPolicy", "dwpfarm-silo");
        var policy = (await Kustomize.BuildAsync(Kustomize.ExternalPostgres)).Single("NetworkPolicy", "dwpfarm-silo");
        var cpuRules = OverlayTests.Rules(cpuPolicy, "egress").ToList();
        var rules = OverlayTests.Rules(policy, "egress").ToList();

        // The rule to the in-cluster server's pods is replaced by one to an address block on PostgreSQL's port.
        var removed = Assert.Single(cpuRules, c => !rules.Any(r => JsonNode.DeepEquals(c, r)));
        Assert.Equal("postgres", Text(removed["to"]![0]!["podSelector"]!["matchLabels"]!["app.kubernetes.io/component"]));
        var added = Assert.Single(rules, r => !cpuRules.Any(c => JsonNode.DeepEquals(c, r)));
        Assert.Equal(["5432/TCP"], added["ports"]!.AsArray().Select(p => $"{p!["port"]}/{Text(p["protocol"])}"));
        Assert.All(added["to"]!.AsArray(), p => Assert.False(string.IsNullOrEmpty(Text(p!["ipBlock"]?["cidr"])), $"{p!.ToJsonString()} is not an address block"));
        Assert.Equal(cpuRules.Count, rules.Count);
        Assert.True(JsonNode.DeepEquals(cpuPolicy["spec"]!["ingress"], policy["spec"]!["ingress"]), "the silos admit other peers than in the cpu overlay");
    }

    private static string Id(JsonObject o) => $"{Text(o["kind"])}/{Name(o)}";
}
