using System.Text.Json;
using System.Text.Json.Nodes;
using static DwpFarm.Deploy.Tests.Manifests;

namespace DwpFarm.Deploy.Tests;

/// <summary>The files under deploy/ as files: they parse, lint clean, and the docs match them.</summary>
public sealed class DeployFileTests
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    public static TheoryData<string> YamlFiles =>
    [
        .. Directory.EnumerateFiles(Repo.Deploy, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Repo.Deploy, f))
            .Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(YamlFiles))]
    public void Every_yaml_file_parses(string file)
    {
        var documents = Yaml.Documents(File.ReadAllText(Path.Combine(Repo.Deploy, file)), file);
        Assert.NotEmpty(documents);
        Assert.All(documents, d => Assert.True(d is JsonObject or JsonArray, $"{file}: a document is neither a mapping nor a list"));
    }

    [Fact]
    public async Task Yamllint_passes_on_deploy()
    {
        var yamllint = ExternalTool.Find("yamllint", "yamllint");
        var (exit, stdout, stderr) = await ExternalTool.RunAsync(
            yamllint, ["--strict", "--format", "parsable", "-c", Path.Combine(Repo.Deploy, ".yamllint.yaml"), Repo.Deploy], ToolTimeout);
        Assert.True(exit == 0, $"yamllint exited {exit}:\n{stdout}{stderr}");
    }

    [Fact]
    public void The_dashboard_is_grafana_json_with_sweep_and_silo_variables()
    {
        using var json = JsonDocument.Parse(Repo.Read("deploy", "grafana", "dwpfarm-dashboard.json"));
        var root = json.RootElement;
        Assert.Equal("dwpfarm-overview", root.GetProperty("uid").GetString());
        var variables = root.GetProperty("templating").GetProperty("list").EnumerateArray().Select(v => v.GetProperty("name").GetString()).ToList();
        Assert.Equal(["datasource", "sweep", "silo"], variables);
        var panels = root.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row").ToList();
        Assert.All(panels, p => Assert.Equal("${datasource}", p.GetProperty("datasource").GetProperty("uid").GetString()));
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("title").GetString()).Distinct().Count());
        var ids = root.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    /// <summary>
    /// Debian's Prometheus is built without Kubernetes service discovery, so promtool checks the
    /// job with its kubernetes_sd_configs swapped for a static target: the relabelling rules,
    /// intervals and paths. The discovery block and the labels it keeps are checked against the
    /// silo pods here.
    /// </summary>
    [Fact]
    public async Task The_prometheus_scrape_job_is_valid_and_keeps_the_silo_pods()
    {
        var promtool = ExternalTool.Find("promtool", "prometheus");
        var jobs = Yaml.Documents(Repo.Read("deploy", "k8s", "base", "prometheus-scrape.yaml"), "prometheus-scrape.yaml").Single()!.AsArray();
        var job = jobs.Single()!.AsObject();
        var discovery = job["kubernetes_sd_configs"]!.AsArray().Single()!;
        Assert.Equal("pod", Text(discovery["role"]));
        Assert.Equal(["dwpfarm"], discovery["namespaces"]!["names"]!.AsArray().Select(Text));

        var pod = (await Kustomize.BuildAsync("overlays/cpu")).Single("Deployment", "dwpfarm-silo")["spec"]!["template"]!.AsObject();
        var kept = job["relabel_configs"]!.AsArray().Where(r => Text(r!["action"]) == "keep").ToList();
        var component = kept.Single(r => Text(r!["source_labels"]![0]) == "__meta_kubernetes_pod_label_app_kubernetes_io_component");
        Assert.Equal(Text(pod["metadata"]!["labels"]!["app.kubernetes.io/component"]), Text(component!["regex"]));
        var port = kept.Single(r => Text(r!["source_labels"]![0]) == "__meta_kubernetes_pod_container_port_name");
        Assert.Contains(Text(port!["regex"]), Ports(Container(pod, "silo")).Keys);

        job.Remove("kubernetes_sd_configs");
        job["static_configs"] = new JsonArray(new JsonObject { ["targets"] = new JsonArray("127.0.0.1:8080") });
        var folder = Directory.CreateTempSubdirectory("dwpfarm-scrape-").FullName;
        try
        {
            // JSON is YAML: Prometheus reads it as such.
            var config = Path.Combine(folder, "prometheus.yml");
            await File.WriteAllTextAsync(config, new JsonObject { ["scrape_configs"] = jobs.DeepClone() }.ToJsonString());
            var (exit, stdout, stderr) = await ExternalTool.RunAsync(promtool, ["check", "config", config], ToolTimeout);
            Assert.True(exit == 0, $"promtool check config exited {exit}:\n{stdout}{stderr}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_deployment_guide_uses_the_names_the_manifests_define()
    {
        var guide = Repo.Read("docs", "deploy.md");
        var manifests = await Kustomize.BuildAsync("overlays/cpu");

        // The CLI pod (its own test checks its gateway, label and certificate), driven from a laptop with kubectl.
        var cli = (await Kustomize.BuildAsync("cli")).Single("Pod", "dwpfarm-cli");
        Assert.Contains("kubectl apply -k deploy/k8s/cli", guide, StringComparison.Ordinal);
        Assert.Contains($"kubectl -n dwpfarm exec {Name(cli)} -- dwpfarm sweep submit", guide, StringComparison.Ordinal);
        Assert.Contains($"kubectl -n dwpfarm exec {Name(cli)} -- dwpfarm sweep logs ID", guide, StringComparison.Ordinal);
        Assert.Contains($"kubectl -n dwpfarm cp {Name(cli)}:/home/dwpfarm/report ./report", guide, StringComparison.Ordinal);

        // The client certificate is extracted from the Secret the CLI pod mounts; the port-forward names the ClusterIP Service.
        var clientSecret = Text(SecretVolume(cli, "tls")["secretName"]);
        Assert.Contains($"get secret {clientSecret} -o jsonpath='{{.data.keystore\\.p12}}'", guide, StringComparison.Ordinal);
        var gateway = manifests.Single("Service", "dwpfarm-gateway");
        var port = gateway["spec"]!["ports"]!.AsArray().Single()!["port"]!.GetValue<long>();
        Assert.Contains($"kubectl -n dwpfarm port-forward svc/{Name(gateway)} {port}:{port}", guide, StringComparison.Ordinal);

        foreach (var secret in OverlayTests.SecretTemplates())
        {
            Assert.Contains($"create secret generic {Name(secret)}", guide, StringComparison.Ordinal);
            Assert.All(secret["stringData"]!.AsObject(), kv => Assert.Contains($"--from-literal={kv.Key}=", guide, StringComparison.Ordinal));
        }

        Assert.All(Kustomize.Overlays, o => Assert.Contains($"kubectl apply -k deploy/k8s/{o}", guide, StringComparison.Ordinal));
    }
}
