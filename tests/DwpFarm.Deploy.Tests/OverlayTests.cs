using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static DwpFarm.Deploy.Tests.Manifests;

namespace DwpFarm.Deploy.Tests;

/// <summary>Each overlay, rendered by kustomize, is a consistent deployment of the silo.</summary>
public sealed partial class OverlayTests
{
    private const string Namespace = "dwpfarm";
    private const string SiloName = "dwpfarm-silo";
    private const string SiloContainer = "silo";

    /// <summary>Environment variables that are not silo configuration keys, and why they are there.</summary>
    private static readonly Dictionary<string, string> OtherVariables = new(StringComparer.Ordinal)
    {
        ["OTEL_SERVICE_NAME"] = "OpenTelemetry SDK: service.name of target_info",
        ["OTEL_RESOURCE_ATTRIBUTES"] = "OpenTelemetry SDK: pod name and namespace on target_info",
    };

    public static TheoryData<string> Overlays => [.. Kustomize.Overlays];

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Deleting_the_overlay_cannot_delete_the_database(string overlay)
    {
        var manifests = await Kustomize.BuildAsync(overlay);

        // `kubectl delete -k` deletes what the overlay renders: never the namespace (which takes the volume and the
        // Secret with it) nor a claim; the StatefulSet's own claim is kept when it goes.
        Assert.DoesNotContain(manifests.All, o => Text(o["kind"]) is "Namespace" or "PersistentVolumeClaim" or "Secret");
        var postgres = Assert.Single(manifests.All, o => Text(o["kind"]) == "StatefulSet" && Name(o) == "dwpfarm-postgres");
        var retention = postgres["spec"]!["persistentVolumeClaimRetentionPolicy"]!;
        Assert.Equal(("Retain", "Retain"), (Text(retention["whenDeleted"]), Text(retention["whenScaled"])));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_overlay_renders_every_part_of_the_deployment(string overlay)
    {
        var manifests = await Kustomize.BuildAsync(overlay);
        var kinds = manifests.All.Select(o => $"{Text(o["kind"])}/{Name(o)}").ToHashSet();
        string[] expected =
        [
            "ServiceAccount/dwpfarm-silo", "Service/dwpfarm-postgres", "StatefulSet/dwpfarm-postgres",
            "Job/dwpfarm-db-init", "Deployment/dwpfarm-silo", "PodDisruptionBudget/dwpfarm-silo", "Service/dwpfarm-gateway",
            "NetworkPolicy/dwpfarm-silo", "NetworkPolicy/dwpfarm-postgres", "ConfigMap/dwpfarm-grafana-dashboard",
            "ConfigMap/dwpfarm-prometheus-scrape",
        ];
        Assert.Empty(expected.Except(kinds));

        // The password never ships in the manifests: the Secret is created by hand from the template.
        Assert.DoesNotContain(manifests.All, o => Text(o["kind"]) == "Secret");
        Assert.All(manifests.All, o => Assert.Equal(Namespace, Text(o["metadata"]!["namespace"])));

        // No RBAC: silos find each other through PostgreSQL, not the Kubernetes API.
        Assert.DoesNotContain(manifests.All, o => Text(o["kind"]) is "Role" or "RoleBinding" or "ClusterRole" or "ClusterRoleBinding");
        Assert.All(manifests.PodTemplates(), t => Assert.False(t.Pod["spec"]!["automountServiceAccountToken"]!.GetValue<bool>(), $"{Name(t.Workload)} mounts a service account token"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Silo_environment_names_are_the_silo_configuration_keys(string overlay)
    {
        var manifests = await Kustomize.BuildAsync(overlay);
        var silo = SiloPod(manifests);
        var container = Container(silo, SiloContainer);
        var keys = SiloConfiguration.Keys();
        var logFormat = SiloConfiguration.LogFormatVariable();
        var env = Env(container).ToList();
        var defined = new List<string>();
        foreach (var variable in env)
        {
            var name = Text(variable["name"]);
            if (variable["valueFrom"]?["fieldRef"] is not null)
            {
                // Downward API values exist to be expanded into configuration values below.
                Assert.Contains(env, other => Text(other["value"]).Contains($"$({name})", StringComparison.Ordinal));
            }
            else if (name.Contains("__", StringComparison.Ordinal))
            {
                Assert.True(keys.Contains(name.Replace("__", ":", StringComparison.Ordinal)), $"{overlay}: {name} is no silo configuration key; known: {string.Join(", ", keys.Order())}");
            }
            else
            {
                Assert.True(keys.Contains(name) || name == logFormat || OtherVariables.ContainsKey(name), $"{overlay}: {name} is neither a silo configuration key nor a known variable");
            }

            if (variable["value"] is { } value)
            {
                Assert.True(value.GetValueKind() == JsonValueKind.String, $"{overlay}: env {name} is not a string: {value.ToJsonString()}");

                // Kubernetes expands $(VAR) only from variables defined earlier in the list.
                foreach (Match reference in Reference().Matches(Text(value)))
                {
                    Assert.True(defined.Contains(reference.Groups["name"].Value), $"{overlay}: {name} uses $({reference.Groups["name"].Value}) before it is defined");
                }
            }

            defined.Add(name);
        }

        Assert.Equal(defined.Count, defined.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains(EnvValue(container, "Farm__Clustering"), SiloConfiguration.EnumMembers("src/Hosting/ClusteringMode.cs"));
        Assert.Contains(EnvValue(container, "Database__Provider"), SiloConfiguration.EnumMembers("src/Storage/DatabaseProvider.cs"));
        Assert.Contains(EnvValue(container, "Slots__Device"), SiloConfiguration.Devices());
        Assert.Equal("Postgres", EnvValue(container, "Farm__Clustering"));
        Assert.Equal("$(POD_IP)", EnvValue(container, "Farm__AdvertisedAddress"));
        Assert.Equal("status.podIP", Text(env.Single(e => Text(e["name"]) == "POD_IP")["valueFrom"]!["fieldRef"]!["fieldPath"]));
        Assert.Equal("json", EnvValue(container, logFormat));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Selectors_match_the_labels_of_the_pods(string overlay)
    {
        var manifests = await Kustomize.BuildAsync(overlay);
        foreach (var (workload, pod) in manifests.PodTemplates().Where(t => Text(t.Workload["kind"]) != "Job"))
        {
            var selector = Labels(workload["spec"]!["selector"]!["matchLabels"]);
            var labels = Labels(pod["metadata"]!["labels"]);
            Assert.True(selector.Count > 0 && selector.All(s => labels.GetValueOrDefault(s.Key) == s.Value), $"{overlay}: {Name(workload)} selects {Json(selector)} but its pods are {Json(labels)}");
        }

        foreach (var service in manifests.OfKind("Service"))
        {
            Assert.NotEmpty(manifests.PodsSelectedBy(service["spec"]!["selector"]));
        }

        Assert.NotEmpty(manifests.PodsSelectedBy(manifests.Single("PodDisruptionBudget", SiloName)["spec"]!["selector"]));
        var statefulSet = manifests.Single("StatefulSet", "dwpfarm-postgres");
        var governing = manifests.Single("Service", Text(statefulSet["spec"]!["serviceName"]));
        Assert.Contains(statefulSet["spec"]!["template"]!.AsObject(), manifests.PodsSelectedBy(governing["spec"]!["selector"]));

        foreach (var policy in manifests.OfKind("NetworkPolicy"))
        {
            Assert.NotEmpty(manifests.PodsSelectedBy(policy["spec"]!["podSelector"]));
            foreach (var peer in Peers(policy).Where(p => p["namespaceSelector"] is null))
            {
                Assert.True(manifests.PodsSelectedBy(peer["podSelector"]).Count > 0, $"{overlay}: {Name(policy)} admits {peer.ToJsonString()}, which selects no pod");
            }
        }

        var monitoring = await Kustomize.BuildAsync("monitoring");
        var podMonitor = monitoring.Single("PodMonitor", SiloName);
        Assert.Contains(SiloPod(manifests), manifests.PodsSelectedBy(podMonitor["spec"]!["selector"]));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Ports_agree_across_services_deployment_and_network_policies(string overlay)
    {
        var manifests = await Kustomize.BuildAsync(overlay);
        foreach (var service in manifests.OfKind("Service"))
        {
            foreach (var pod in manifests.PodsSelectedBy(service["spec"]!["selector"]))
            {
                var ports = Containers(pod).SelectMany(c => Ports(c)).ToList();
                foreach (var port in service["spec"]!["ports"]!.AsArray())
                {
                    var target = port!["targetPort"] ?? port["port"];
                    var resolved = target!.GetValueKind() == JsonValueKind.String
                        ? ports.Where(p => p.Key == Text(target)).Select(p => p.Value).ToList()
                        : [.. ports.Where(p => p.Value == target.GetValue<long>()).Select(p => p.Value)];
                    Assert.True(resolved.Count == 1, $"{overlay}: Service {Name(service)} port {port.ToJsonString()} reaches no container port of its pods");
                    Assert.Equal(port["port"]!.GetValue<long>(), resolved[0]);
                }
            }
        }

        foreach (var policy in manifests.OfKind("NetworkPolicy"))
        {
            var ports = manifests.PodsSelectedBy(policy["spec"]!["podSelector"]).SelectMany(Containers).SelectMany(c => Ports(c)).ToList();
            foreach (var rule in policy["spec"]!["ingress"]!.AsArray())
            {
                foreach (var port in rule!["ports"]!.AsArray())
                {
                    var value = port!["port"]!;
                    Assert.True(
                        ports.Any(p => value.GetValueKind() == JsonValueKind.String ? p.Key == Text(value) : p.Value == value.GetValue<long>()),
                        $"{overlay}: {Name(policy)} admits port {value.ToJsonString()}, which its pods do not expose");
                }
            }
        }

        var silo = Container(SiloPod(manifests), SiloContainer);
        var siloPorts = Ports(silo);
        Assert.Equal(siloPorts["silo"].ToString(), EnvValue(silo, "Farm__SiloPort"));
        Assert.Equal(siloPorts["gateway"].ToString(), EnvValue(silo, "Farm__GatewayPort"));
        Assert.Equal(siloPorts["http"], new Uri(EnvValue(silo, "Urls")).Port);
        Assert.Equal(siloPorts["http"].ToString(), Text(SiloPod(manifests)["metadata"]!["annotations"]!["prometheus.io/port"]));
        foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
        {
            Assert.Equal("/healthz", Text(silo[probe]!["httpGet"]!["path"]));
            Assert.True(siloPorts.ContainsKey(Text(silo[probe]!["httpGet"]!["port"])), $"{probe} uses an unknown port");
        }

        // Only silos reach the silo port; only clients (and no one else) the gateway.
        var siloPolicy = manifests.Single("NetworkPolicy", SiloName);
        var rules = siloPolicy["spec"]!["ingress"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var siloRule = rules.Single(r => r["ports"]!.AsArray().Any(p => p!["port"]!.GetValue<long>() == siloPorts["silo"]));
        Assert.Equal("silo", Text(siloRule["from"]!.AsArray().Single()!["podSelector"]!["matchLabels"]!["app.kubernetes.io/component"]));
        var gatewayRule = rules.Single(r => r["ports"]!.AsArray().Any(p => p!["port"]!.GetValue<long>() == siloPorts["gateway"]));
        Assert.Equal("true", Text(gatewayRule["from"]!.AsArray().Single()!["podSelector"]!["matchLabels"]!["dwpfarm.io/client"]));
        var open = rules.Where(r => r["from"] is null).SelectMany(r => r["ports"]!.AsArray()).Select(p => p!["port"]!.GetValue<long>()).ToList();
        Assert.Equal([siloPorts["http"]], open);

        // The gateway Service is what the CLI is pointed at.
        var gateway = manifests.Single("Service", "dwpfarm-gateway");
        Assert.Equal(siloPorts["gateway"], gateway["spec"]!["ports"]!.AsArray().Single()!["port"]!.GetValue<long>());

        // The connection string of the secret template points at the PostgreSQL Service.
        var connection = SecretTemplate()["stringData"]!["connection-string"]!.ToString();
        var postgres = manifests.Single("Service", "dwpfarm-postgres");
        Assert.Contains($"Host={Name(postgres)};", connection, StringComparison.Ordinal);
        Assert.Contains($"Port={postgres["spec"]!["ports"]!.AsArray().Single()!["port"]};", connection, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_grace_period_outlasts_the_host_shutdown_timeout(string overlay)
    {
        var manifests = await Kustomize.BuildAsync(overlay);
        var pod = SiloPod(manifests);
        var grace = pod["spec"]!["terminationGracePeriodSeconds"]!.GetValue<long>();
        var shutdown = long.Parse(EnvValue(Container(pod, SiloContainer), "shutdownTimeoutSeconds"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(shutdown + 10 <= grace, $"{overlay}: host shutdown {shutdown} s leaves too little of the {grace} s grace period");
        var silo = Container(pod, SiloContainer);
        Assert.NotNull(silo["resources"]?["requests"]?["cpu"]);
        Assert.NotNull(silo["resources"]?["limits"]?["memory"]);
        Assert.Equal(1, manifests.Single("PodDisruptionBudget", SiloName)["spec"]!["maxUnavailable"]!.GetValue<long>());
    }

    [Fact]
    public async Task The_gpu_overlay_takes_one_slot_per_requested_gpu_on_gpu_nodes()
    {
        var gpu = await Kustomize.BuildAsync("overlays/gpu");
        var pod = SiloPod(gpu);
        var silo = Container(pod, SiloContainer);
        var gpus = silo["resources"]!["limits"]!["nvidia.com/gpu"]!;
        Assert.Equal(Text(gpus), EnvValue(silo, "Slots__Count"));
        Assert.True(long.Parse(Text(gpus), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("cuda", EnvValue(silo, "Slots__Device"));
        Assert.EndsWith(":cuda", Text(silo["image"]), StringComparison.Ordinal);
        Assert.NotEmpty(pod["spec"]!["nodeSelector"]!.AsObject());
        Assert.Contains(pod["spec"]!["tolerations"]!.AsArray(), t => Text(t!["key"]) == "nvidia.com/gpu");

        var cpu = Container(SiloPod(await Kustomize.BuildAsync("overlays/cpu")), SiloContainer);
        Assert.Null(cpu["resources"]!["limits"]!["nvidia.com/gpu"]);
        Assert.Equal("cpu", EnvValue(cpu, "Slots__Device"));
        Assert.EndsWith(":cpu", Text(cpu["image"]), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Secret_references_name_keys_of_the_secret_template(string overlay)
    {
        var template = SecretTemplate();
        var keys = template["stringData"]!.AsObject().Select(kv => kv.Key).ToHashSet();
        var manifests = await Kustomize.BuildAsync(overlay);
        var references = manifests.PodTemplates().SelectMany(t => Containers(t.Pod)).SelectMany(Env)
            .Select(e => e["valueFrom"]?["secretKeyRef"]).OfType<JsonObject>().ToList();
        Assert.NotEmpty(references);
        Assert.All(references, r =>
        {
            Assert.Equal(Name(template), Text(r["name"]));
            Assert.Contains(Text(r["key"]), keys);
        });
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_schema_job_runs_db_init_postgres_from_the_cli_image(string overlay)
    {
        var job = (await Kustomize.BuildAsync(overlay)).Single("Job", "dwpfarm-db-init");
        var container = Containers(job["spec"]!["template"]!.AsObject()).Single();
        Assert.StartsWith("dwpfarm-cli:", Text(container["image"]), StringComparison.Ordinal);
        var args = container["args"]!.AsArray().Select(Text).ToList();
        Assert.Equal(["db", "init", "--postgres"], args.Take(3));
        var variable = Reference().Match(args[3]).Groups["name"].Value;
        Assert.Equal("connection-string", Text(Env(container).Single(e => Text(e["name"]) == variable)["valueFrom"]!["secretKeyRef"]!["key"]));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_dashboard_configmap_carries_the_dashboard_for_the_grafana_sidecar(string overlay)
    {
        var map = (await Kustomize.BuildAsync(overlay)).Single("ConfigMap", "dwpfarm-grafana-dashboard");
        Assert.Equal("1", Text(map["metadata"]!["labels"]!["grafana_dashboard"]));
        var dashboard = Repo.Read("deploy", "grafana", "dwpfarm-dashboard.json");
        Assert.Equal(dashboard, Text(map["data"]!["dwpfarm-dashboard.json"]));
    }

    private static JsonObject SiloPod(Manifests manifests) =>
        manifests.Single("Deployment", SiloName)["spec"]!["template"]!.AsObject();

    private static JsonObject SecretTemplate() =>
        Yaml.Documents(Repo.Read("deploy", "k8s", "base", "secret.template.yaml"), "secret.template.yaml").Single()!.AsObject();

    private static IEnumerable<JsonObject> Peers(JsonObject policy) =>
        policy["spec"]!["ingress"]!.AsArray().SelectMany(r => r!["from"]?.AsArray() ?? []).Select(p => p!.AsObject());

    private static string Json(Dictionary<string, string> labels) => JsonSerializer.Serialize(labels);

    [GeneratedRegex("""\$\((?<name>\w+)\)""")]
    private static partial Regex Reference();
}
