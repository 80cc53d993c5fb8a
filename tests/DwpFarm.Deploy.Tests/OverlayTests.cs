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

    public static TheoryData<string> InClusterDatabase => [.. Kustomize.InClusterDatabase];

    [Theory]
    [MemberData(nameof(InClusterDatabase))]
    public async Task Deleting_the_overlay_cannot_delete_the_database(string overlay)
    {
        var manifests = await Kustomize.BuildAsync(overlay);

        // `kubectl delete -k` deletes what the overlay renders: never the namespace (which takes the volume and the
        // Secret with it) nor a claim (the backups' is deploy/k8s/backup); the StatefulSet's own claim is kept when it goes.
        Assert.DoesNotContain(manifests.All, o => Text(o["kind"]) is "Namespace" or "PersistentVolumeClaim" or "Secret");
        var postgres = Assert.Single(manifests.All, o => Text(o["kind"]) == "StatefulSet" && Name(o) == "dwpfarm-postgres");
        var retention = postgres["spec"]!["persistentVolumeClaimRetentionPolicy"]!;
        Assert.Equal(("Retain", "Retain"), (Text(retention["whenDeleted"]), Text(retention["whenScaled"])));
    }

    [Theory]
    [MemberData(nameof(InClusterDatabase))]
    public async Task The_overlay_renders_every_part_of_the_deployment(string overlay)
    {
        var manifests = await Kustomize.BuildAsync(overlay);
        var kinds = manifests.All.Select(o => $"{Text(o["kind"])}/{Name(o)}").ToHashSet();
        string[] expected =
        [
            "ServiceAccount/dwpfarm-silo", "Service/dwpfarm-postgres", "StatefulSet/dwpfarm-postgres",
            "Deployment/dwpfarm-silo", "PodDisruptionBudget/dwpfarm-silo", "Service/dwpfarm-gateway", "Service/dwpfarm-gateway-headless",
            "NetworkPolicy/dwpfarm-silo", "NetworkPolicy/dwpfarm-postgres", "ConfigMap/dwpfarm-grafana-dashboard",
            "ConfigMap/dwpfarm-prometheus-scrape", "CronJob/dwpfarm-postgres-backup", "NetworkPolicy/dwpfarm-postgres-backup",
            "ConfigMap/dwpfarm-postgres-backup",
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
        foreach (var (workload, pod) in manifests.PodTemplates().Where(t => Text(t.Workload["kind"]) is not ("Job" or "CronJob")))
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

        // Peers in the namespace are the farm's pods or the CLI pod of deploy/k8s/cli.
        var cli = await Kustomize.BuildAsync("cli");
        var namespacePods = new Manifests($"{overlay} and cli", [.. manifests.All, .. cli.All]);
        foreach (var policy in manifests.OfKind("NetworkPolicy"))
        {
            Assert.NotEmpty(manifests.PodsSelectedBy(policy["spec"]!["podSelector"]));
            foreach (var peer in Peers(policy).Where(p => p["namespaceSelector"] is null && p["podSelector"] is not null))
            {
                Assert.True(namespacePods.PodsSelectedBy(peer["podSelector"]).Count > 0, $"{overlay}: {Name(policy)} admits {peer.ToJsonString()}, which selects no pod");
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
            foreach (var rule in Rules(policy, "ingress"))
            {
                foreach (var port in rule["ports"]!.AsArray())
                {
                    Assert.True(Exposes(ports, port!["port"]!), $"{overlay}: {Name(policy)} admits port {port["port"]!.ToJsonString()}, which its pods do not expose");
                }
            }

            // Egress to our own pods goes to a port they expose.
            foreach (var rule in Rules(policy, "egress"))
            {
                var peers = rule["to"]!.AsArray().Where(p => p!["podSelector"] is not null && p["namespaceSelector"] is null).ToList();
                var exposed = peers.SelectMany(p => manifests.PodsSelectedBy(p!["podSelector"])).SelectMany(Containers).SelectMany(c => Ports(c)).ToList();
                foreach (var port in peers.Count == 0 ? [] : rule["ports"]!.AsArray())
                {
                    Assert.True(Exposes(exposed, port!["port"]!), $"{overlay}: {Name(policy)} lets out to port {port["port"]!.ToJsonString()}, which its peers do not expose");
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

        // Only silos reach the silo port; only this namespace's clients the gateway; only Prometheus's namespace
        // /metrics; nothing is open to every pod.
        var siloPolicy = manifests.Single("NetworkPolicy", SiloName);
        var rules = Rules(siloPolicy, "ingress").ToList();
        Assert.DoesNotContain(rules, r => r["from"] is null);
        var siloRule = rules.Single(r => r["ports"]!.AsArray().Any(p => p!["port"]!.GetValue<long>() == siloPorts["silo"]));
        Assert.Equal("silo", Text(siloRule["from"]!.AsArray().Single()!["podSelector"]!["matchLabels"]!["app.kubernetes.io/component"]));
        var gatewayRule = rules.Single(r => r["ports"]!.AsArray().Any(p => p!["port"]!.GetValue<long>() == siloPorts["gateway"]));
        var client = gatewayRule["from"]!.AsArray().Single()!;
        Assert.Equal("true", Text(client["podSelector"]!["matchLabels"]!["dwpfarm.io/client"]));
        Assert.Null(client["namespaceSelector"]);
        var metricsRule = rules.Single(r => r["ports"]!.AsArray().Any(p => p!["port"]!.GetValue<long>() == siloPorts["http"]));
        var scraper = metricsRule["from"]!.AsArray().Single()!;
        Assert.False(string.IsNullOrEmpty(Text(scraper["namespaceSelector"]?["matchLabels"]?["kubernetes.io/metadata.name"])), "/metrics must be limited to Prometheus's namespace");
        Assert.Null(scraper["podSelector"]);
        Assert.Equal(3, rules.Count);
    }

    [Theory]
    [MemberData(nameof(InClusterDatabase))]
    public async Task The_in_cluster_postgres_is_reached_through_its_governing_service_from_the_silo_pods(string overlay)
    {
        var manifests = await Kustomize.BuildAsync(overlay);
        var statefulSet = manifests.Single("StatefulSet", "dwpfarm-postgres");
        var governing = manifests.Single("Service", Text(statefulSet["spec"]!["serviceName"]));
        Assert.Contains(statefulSet["spec"]!["template"]!.AsObject(), manifests.PodsSelectedBy(governing["spec"]!["selector"]));

        // The connection string of the secret template points at the PostgreSQL Service.
        var connection = SecretTemplate()["stringData"]!["connection-string"]!.ToString();
        var postgres = manifests.Single("Service", "dwpfarm-postgres");
        Assert.Contains($"Host={Name(postgres)};", connection, StringComparison.Ordinal);
        Assert.Contains($"Port={postgres["spec"]!["ports"]!.AsArray().Single()!["port"]};", connection, StringComparison.Ordinal);

        // PostgreSQL admits the silo pods, which db-init runs in.
        var policy = manifests.Single("NetworkPolicy", "dwpfarm-postgres");
        Assert.Contains(SiloPod(manifests), Peers(policy).SelectMany(p => manifests.PodsSelectedBy(p["podSelector"])));
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
    public async Task Secret_references_name_keys_of_the_secret_templates(string overlay)
    {
        var templates = SecretTemplates().ToDictionary(Name, t => t["stringData"]!.AsObject().Select(kv => kv.Key).ToHashSet());
        var manifests = await Kustomize.BuildAsync(overlay);
        var references = manifests.PodTemplates().SelectMany(t => Containers(t.Pod).Concat(InitContainers(t.Pod))).SelectMany(Env)
            .Select(e => e["valueFrom"]?["secretKeyRef"]).OfType<JsonObject>().ToList();
        Assert.Equal(templates.Keys.Order(), references.Select(r => Text(r["name"])).Distinct().Order());
        Assert.All(references, r => Assert.Contains(Text(r["key"]), templates[Text(r["name"])]));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_silo_pods_run_db_init_postgres_from_the_cli_image_before_the_silo(string overlay)
    {
        var manifests = await Kustomize.BuildAsync(overlay);
        var pod = SiloPod(manifests);
        var init = Assert.Single(InitContainers(pod));
        Assert.StartsWith("REGISTRY/dwpfarm-cli:", Text(init["image"]), StringComparison.Ordinal);

        var args = init["args"]!.AsArray().Select(Text).ToList();
        Assert.Equal(["db", "init", "--postgres"], args.Take(3));
        Assert.Equal(4, args.Count);
        var variable = Reference().Match(args[3]).Groups["name"].Value;
        Assert.Equal("connection-string", Text(Env(init).Single(e => Text(e["name"]) == variable)["valueFrom"]!["secretKeyRef"]!["key"]));
        Assert.Equal(
            Text(Env(Container(pod, SiloContainer)).Single(e => Text(e["name"]) == "Database__ConnectionString")["valueFrom"]!["secretKeyRef"]!.ToJsonString()),
            Text(Env(init).Single(e => Text(e["name"]) == variable)["valueFrom"]!["secretKeyRef"]!.ToJsonString()));

        // A read-only root: the CLI's data folder points into a writable volume of the pod.
        Assert.True(init["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<bool>());
        var data = EnvValue(init, "DWPFARM_DATA");
        Assert.Contains(init["volumeMounts"]!.AsArray(), m => data.StartsWith(Text(m!["mountPath"]) + "/", StringComparison.Ordinal));

        // If another pod's db-init is still upgrading the schema, the silo waits for it instead of exiting, and gives up
        // with its own error line before the startup probe's budget would kill it without one.
        var silo = Container(pod, SiloContainer);
        var wait = int.Parse(EnvValue(silo, "Farm__SchemaWaitSeconds"), System.Globalization.CultureInfo.InvariantCulture);
        var startup = silo["startupProbe"]!;
        Assert.InRange(wait, 60, startup["periodSeconds"]!.GetValue<long>() * startup["failureThreshold"]!.GetValue<long>() - 30);
    }

    [Theory]
    [InlineData("base")]
    [InlineData("overlays/cpu")]
    [InlineData("overlays/gpu")]
    [InlineData(Kustomize.ExternalPostgres)]
    public async Task No_job_holds_a_template_that_would_block_an_image_change(string folder)
    {
        // A Job's pod template is immutable: `kubectl apply -k` with a new image tag fails while the Job exists.
        var manifests = await Kustomize.BuildAsync(folder);
        Assert.Empty(manifests.OfKind("Job").Select(Name));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task A_cluster_ip_gateway_service_reaches_the_silo_gateway_for_port_forward(string overlay)
    {
        var manifests = await Kustomize.BuildAsync(overlay);
        var pod = SiloPod(manifests);
        var silo = Container(pod, SiloContainer);
        var gatewayPort = long.Parse(EnvValue(silo, "Farm__GatewayPort"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(gatewayPort, Ports(silo)["gateway"]);

        // `kubectl port-forward svc/dwpfarm-gateway 30000:30000` needs a Service with a virtual IP whose port leads to
        // the silo's gateway port (the CLI cannot use the tunnel yet: docs/deploy.md, "From a laptop").
        var service = manifests.Single("Service", "dwpfarm-gateway");
        Assert.Equal("ClusterIP", Text(service["spec"]!["type"]));
        Assert.NotEqual("None", Text(service["spec"]!["clusterIP"]));
        Assert.Equal([pod], manifests.PodsSelectedBy(service["spec"]!["selector"]));
        var port = service["spec"]!["ports"]!.AsArray().Single()!;
        Assert.Equal(gatewayPort, port["port"]!.GetValue<long>());
        Assert.Equal(gatewayPort, Ports(silo)[Text(port["targetPort"])]);

        // In the cluster, the headless one lists every ready silo, for the CLI's failover.
        var headless = manifests.Single("Service", "dwpfarm-gateway-headless");
        Assert.Equal("None", Text(headless["spec"]!["clusterIP"]));
        Assert.Equal([pod], manifests.PodsSelectedBy(headless["spec"]!["selector"]));
        Assert.Equal(gatewayPort, headless["spec"]!["ports"]!.AsArray().Single()!["port"]!.GetValue<long>());
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

    internal static JsonObject SiloPod(Manifests manifests) =>
        manifests.Single("Deployment", SiloName)["spec"]!["template"]!.AsObject();

    private static JsonObject SecretTemplate() =>
        Yaml.Documents(Repo.Read("deploy", "k8s", "base", "secret.template.yaml"), "secret.template.yaml").Single()!.AsObject();

    /// <summary>The Secrets created by hand (docs/deploy.md, step 3): base/*.template.yaml.</summary>
    internal static IEnumerable<JsonObject> SecretTemplates() =>
        Directory.EnumerateFiles(Path.Combine(Repo.Deploy, "k8s", "base"), "*.template.yaml").Order(StringComparer.Ordinal)
            .Select(f => Yaml.Documents(File.ReadAllText(f), Path.GetFileName(f)).Single()!.AsObject());

    /// <summary>The peers of a policy's ingress (from) and egress (to) rules.</summary>
    internal static IEnumerable<JsonObject> Peers(JsonObject policy) =>
        Rules(policy, "ingress").Concat(Rules(policy, "egress")).SelectMany(r => r["from"]?.AsArray() ?? r["to"]?.AsArray() ?? []).Select(p => p!.AsObject());

    internal static IEnumerable<JsonObject> Rules(JsonObject policy, string direction) =>
        (policy["spec"]![direction]?.AsArray() ?? []).Select(r => r!.AsObject());

    private static string Json(Dictionary<string, string> labels) => JsonSerializer.Serialize(labels);

    private static bool Exposes(IEnumerable<KeyValuePair<string, long>> ports, JsonNode port) =>
        ports.Any(p => port.GetValueKind() == JsonValueKind.String ? p.Key == Text(port) : p.Value == port.GetValue<long>());

    [GeneratedRegex("""\$\((?<name>\w+)\)""")]
    private static partial Regex Reference();
}
