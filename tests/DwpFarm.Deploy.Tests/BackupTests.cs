using System.Globalization;
using System.Text.Json.Nodes;
using static DwpFarm.Deploy.Tests.Manifests;

namespace DwpFarm.Deploy.Tests;

/// <summary>
/// The in-cluster database's nightly backup (CronJob/dwpfarm-postgres-backup, into the claim of deploy/k8s/backup) and
/// the restore pod (deploy/k8s/restore) agree with the server they dump and restore. DwpFarm.Farm.Tests runs the two
/// scripts against a real PostgreSQL (BackupRestoreTests).
/// </summary>
public sealed class BackupTests
{
    private const string Scripts = "/opt/dwpfarm";

    public static TheoryData<string> InClusterDatabase => [.. Kustomize.InClusterDatabase];

    [Theory]
    [MemberData(nameof(InClusterDatabase))]
    public async Task The_backup_job_dumps_the_in_cluster_database_into_the_backup_claim(string overlay)
    {
        var manifests = await Kustomize.BuildAsync(overlay);
        var cronJob = manifests.Single("CronJob", "dwpfarm-postgres-backup");
        Assert.Equal("Forbid", Text(cronJob["spec"]!["concurrencyPolicy"]));
        var pod = cronJob["spec"]!["jobTemplate"]!["spec"]!["template"]!.AsObject();
        var backup = Containers(pod).Single();
        AgreesWithTheServer(manifests, pod, backup);

        // It runs postgres-backup.sh of the base, from the ConfigMap made of it.
        Assert.Equal(["sh", $"{Scripts}/postgres-backup.sh"], backup["command"]!.AsArray().Select(Text));
        Assert.Equal(Repo.Read("deploy", "k8s", "base", "postgres-backup.sh"), Text(ScriptMap(manifests, pod, backup)["data"]!["postgres-backup.sh"]));

        // Into the claim of deploy/k8s/backup, which the overlay does not hold (deleting it keeps the backups).
        var claim = (await Kustomize.BuildAsync("backup")).Single("PersistentVolumeClaim", "dwpfarm-postgres-backup");
        Assert.Equal("dwpfarm", Text(claim["metadata"]!["namespace"]));
        var mount = Mount(backup, EnvValue(backup, "BACKUP_DIR"));
        Assert.Null(mount["readOnly"]);
        Assert.Equal(Name(claim), Text(Volume(pod, Text(mount["name"]))["persistentVolumeClaim"]!["claimName"]));
        Assert.InRange(int.Parse(EnvValue(backup, "BACKUP_KEEP"), CultureInfo.InvariantCulture), 1, 100);
    }

    [Fact]
    public async Task The_restore_pod_reads_the_dumps_with_the_backup_jobs_image_connection_and_scripts()
    {
        var cpu = await Kustomize.BuildAsync("overlays/cpu");
        var restore = await Kustomize.BuildAsync("restore");
        var both = new Manifests("cpu and restore", [.. cpu.All, .. restore.All]);
        var pod = restore.Single("Pod", "dwpfarm-postgres-restore");
        var container = Containers(pod).Single();
        AgreesWithTheServer(both, pod, container);
        Assert.Equal("dwpfarm", Text(pod["metadata"]!["namespace"]));

        // The backup job's dumps, where it writes them, read-only; the restore script of the same ConfigMap.
        var backupPod = cpu.Single("CronJob", "dwpfarm-postgres-backup")["spec"]!["jobTemplate"]!["spec"]!["template"]!.AsObject();
        var backup = Containers(backupPod).Single();
        var folder = EnvValue(backup, "BACKUP_DIR");
        var mount = Mount(container, folder);
        Assert.True(mount["readOnly"]!.GetValue<bool>());
        var claim = Volume(pod, Text(mount["name"]))["persistentVolumeClaim"]!;
        Assert.True(claim["readOnly"]!.GetValue<bool>());
        Assert.Equal(Text(Volume(backupPod, Text(Mount(backup, folder)["name"]))["persistentVolumeClaim"]!["claimName"]), Text(claim["claimName"]));
        Assert.Equal(Name(ScriptMap(both, backupPod, backup)), Name(ScriptMap(both, pod, container)));
        Assert.Equal(Repo.Read("deploy", "k8s", "base", "postgres-restore.sh"), Text(ScriptMap(both, pod, container)["data"]!["postgres-restore.sh"]));
        Assert.Equal(["sleep", "infinity"], container["command"]!.AsArray().Select(Text));

        // The guide's restore runs the script in this pod on a dump of that folder.
        var guide = Repo.Read("docs", "deploy.md");
        Assert.Contains("kubectl apply -k deploy/k8s/restore", guide, StringComparison.Ordinal);
        Assert.Contains($"kubectl -n dwpfarm exec {Name(pod)} -- sh {Scripts}/postgres-restore.sh {folder}/", guide, StringComparison.Ordinal);
        Assert.Contains("kubectl apply -k deploy/k8s/backup", guide, StringComparison.Ordinal);
    }

    /// <summary>
    /// The server's image (pg_dump and pg_restore of its version), its Service, the Secret keys its user, password and
    /// database come from; admitted by PostgreSQL's policy, held to it and DNS by its own; non-root, read-only, no token.
    /// </summary>
    private static void AgreesWithTheServer(Manifests manifests, JsonObject pod, JsonObject container)
    {
        var serverPod = manifests.Single("StatefulSet", "dwpfarm-postgres")["spec"]!["template"]!.AsObject();
        var server = Container(serverPod, "postgres");
        Assert.Equal(Text(server["image"]), Text(container["image"]));

        var service = manifests.Single("Service", "dwpfarm-postgres");
        var port = service["spec"]!["ports"]!.AsArray().Single()!["port"]!.GetValue<long>();
        Assert.Equal(Name(service), EnvValue(container, "PGHOST"));
        Assert.Equal(port.ToString(CultureInfo.InvariantCulture), EnvValue(container, "PGPORT"));
        foreach (var (client, serverVariable) in new[] { ("PGUSER", "POSTGRES_USER"), ("PGPASSWORD", "POSTGRES_PASSWORD"), ("PGDATABASE", "POSTGRES_DB") })
        {
            Assert.True(
                JsonNode.DeepEquals(SecretReference(server, serverVariable), SecretReference(container, client)),
                $"{client} is not read from where the server's {serverVariable} is");
        }

        var admitted = OverlayTests.Rules(manifests.Single("NetworkPolicy", "dwpfarm-postgres"), "ingress")
            .Where(r => r["from"]!.AsArray().Any(p => manifests.PodsSelectedBy(p!["podSelector"]).Contains(pod)))
            .SelectMany(r => r["ports"]!.AsArray()).Select(p => p!["port"]!.GetValue<long>());
        Assert.Equal([port], admitted);
        var own = manifests.Single("NetworkPolicy", "dwpfarm-postgres-backup");
        Assert.Contains(pod, manifests.PodsSelectedBy(own["spec"]!["podSelector"]));
        Assert.Empty(OverlayTests.Rules(own, "ingress"));
        var egress = OverlayTests.Rules(own, "egress").ToList();
        Assert.Equal(2, egress.Count);
        Assert.Contains(egress, r => r["to"]!.AsArray().Any(p => p!["podSelector"] is not null && p["namespaceSelector"] is null && manifests.PodsSelectedBy(p["podSelector"]).Contains(serverPod)));
        Assert.Contains(egress, r => r["to"]!.AsArray().Any(p => Text(p!["podSelector"]?["matchLabels"]?["k8s-app"]) == "kube-dns"));

        Assert.False(pod["spec"]!["automountServiceAccountToken"]!.GetValue<bool>());
        Assert.True(pod["spec"]!["securityContext"]!["runAsNonRoot"]!.GetValue<bool>());
        Assert.True(container["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<bool>());
        Assert.False(container["securityContext"]!["allowPrivilegeEscalation"]!.GetValue<bool>());
    }

    /// <summary>The ConfigMap mounted at the scripts folder.</summary>
    private static JsonObject ScriptMap(Manifests manifests, JsonObject pod, JsonObject container)
    {
        var mount = Mount(container, Scripts);
        Assert.True(mount["readOnly"]!.GetValue<bool>());
        return manifests.Single("ConfigMap", Text(Volume(pod, Text(mount["name"]))["configMap"]!["name"]));
    }

    private static JsonObject Mount(JsonObject container, string path) =>
        container["volumeMounts"]!.AsArray().Select(m => m!.AsObject()).SingleOrDefault(m => Text(m["mountPath"]) == path)
        ?? throw new Xunit.Sdk.XunitException($"container {Text(container["name"])} mounts nothing at {path}");

    private static JsonObject Volume(JsonObject pod, string name) =>
        pod["spec"]!["volumes"]!.AsArray().Select(v => v!.AsObject()).Single(v => Text(v["name"]) == name);

    private static JsonNode SecretReference(JsonObject container, string variable) =>
        Env(container).Single(e => Text(e["name"]) == variable)["valueFrom"]!["secretKeyRef"]!;
}
