using System.Text.Json.Nodes;
using static DwpFarm.Deploy.Tests.Manifests;

namespace DwpFarm.Deploy.Tests;

/// <summary>
/// The farm is closed by default: mutual TLS with certificates from the farm's own CA (cert-manager or
/// made by hand), network policies both ways, no dashboard on the pod network, and a CLI pod that
/// carries what the gateway asks for.
/// </summary>
public sealed class SecurityTests
{
    private const string SiloContainer = "silo";
    private const string Keystore = "keystore.p12";
    private const string Authority = "ca.crt";

    public static TheoryData<string> Overlays => [.. Kustomize.Overlays];

    public static TheoryData<string> InClusterDatabase => [.. Kustomize.InClusterDatabase];

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_silos_require_mutual_tls_with_the_silo_certificate_by_default(string overlay)
    {
        var manifests = await Kustomize.BuildAsync(overlay);
        var pod = OverlayTests.SiloPod(manifests);
        var silo = Container(pod, SiloContainer);
        var certs = await Kustomize.BuildAsync("certs");
        var certificate = certs.Single("Certificate", "dwpfarm-silo");

        var secret = TlsMount(pod, silo, EnvValue(silo, "Farm__Tls__CertificatePath"), EnvValue(silo, "Farm__Tls__AuthorityPath"));
        Assert.Equal(Text(certificate["spec"]!["secretName"]), secret);
        Assert.Equal(PasswordReference(certificate), SecretReference(silo, "Farm__Tls__CertificatePassword"));
        Assert.Contains("server auth", Usages(certificate));
        Assert.Contains("client auth", Usages(certificate));
    }

    [Fact]
    public async Task The_certificates_come_from_the_farms_own_ca_as_pkcs12_keystores()
    {
        var certs = await Kustomize.BuildAsync("certs");

        // Applying or deleting the certificates never touches the namespace, a Secret or a volume.
        Assert.DoesNotContain(certs.All, o => Text(o["kind"]) is "Namespace" or "Secret" or "PersistentVolumeClaim");
        Assert.All(certs.All, o => Assert.Equal("dwpfarm", Text(o["metadata"]!["namespace"])));

        // Self-signed root → the CA certificate → the CA issuer (reading its Secret) → the leaves.
        var root = certs.Single("Issuer", "dwpfarm-selfsigned");
        Assert.NotNull(root["spec"]!["selfSigned"]);
        var ca = certs.Single("Certificate", "dwpfarm-ca");
        Assert.True(ca["spec"]!["isCA"]!.GetValue<bool>());
        Assert.Equal(Name(root), Issuer(certs, ca));
        var caIssuer = certs.Single("Issuer", "dwpfarm-ca");
        Assert.Equal(Text(ca["spec"]!["secretName"]), Text(caIssuer["spec"]!["ca"]!["secretName"]));

        var leaves = certs.OfKind("Certificate").Where(c => c != ca).ToList();
        Assert.Equal(["dwpfarm-client", "dwpfarm-silo"], leaves.Select(Name).Order());
        var password = OverlayTests.SecretTemplates().Single(t => Name(t) == "dwpfarm-tls");
        foreach (var leaf in leaves)
        {
            Assert.Equal(Name(caIssuer), Issuer(certs, leaf));
            Assert.Null(leaf["spec"]!["isCA"]);
            var pkcs12 = leaf["spec"]!["keystores"]!["pkcs12"]!;
            Assert.True(pkcs12["create"]!.GetValue<bool>());

            // The default profile (RC2) is legacy in OpenSSL 3; .NET opens AES-256 keystores.
            Assert.Equal("Modern2023", Text(pkcs12["profile"]));
            var reference = PasswordReference(leaf);
            Assert.Equal(Name(password), reference.Name);
            Assert.Contains(reference.Key, password["stringData"]!.AsObject().Select(kv => kv.Key));
            Assert.Contains("client auth", Usages(leaf));
        }

        // The Secrets the guide makes by hand for a cluster without cert-manager are the same ones, with the same keys.
        var guide = Repo.Read("docs", "deploy.md");
        foreach (var leaf in leaves)
        {
            var secret = Text(leaf["spec"]!["secretName"]);
            Assert.Contains($"create secret generic {secret} ", guide, StringComparison.Ordinal);
        }

        Assert.Contains($"--from-file={Keystore}=", guide, StringComparison.Ordinal);
        Assert.Contains($"--from-file={Authority}=", guide, StringComparison.Ordinal);
        Assert.Contains("kubectl apply -k deploy/k8s/certs", guide, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(InClusterDatabase))]
    public async Task Egress_is_limited_to_postgres_the_silos_and_dns_and_postgres_has_none(string overlay)
    {
        var manifests = await Kustomize.BuildAsync(overlay);
        var siloPod = OverlayTests.SiloPod(manifests);
        var postgresPod = manifests.Single("StatefulSet", "dwpfarm-postgres")["spec"]!["template"]!.AsObject();

        var silo = manifests.Single("NetworkPolicy", "dwpfarm-silo");
        Assert.Contains("Egress", silo["spec"]!["policyTypes"]!.AsArray().Select(Text));
        var rules = OverlayTests.Rules(silo, "egress").ToList();
        Assert.All(rules, r => Assert.NotNull(r["to"]));
        Assert.All(rules, r => Assert.NotEmpty(r["ports"]!.AsArray()));
        Assert.Equal([5432L], PortsTo(manifests, rules, postgresPod));
        Assert.Equal([Ports(Container(siloPod, SiloContainer))["silo"]], PortsTo(manifests, rules, siloPod));
        var dns = rules.Single(r => r["to"]!.AsArray().Any(p => Text(p!["podSelector"]?["matchLabels"]?["k8s-app"]) == "kube-dns"));
        Assert.Equal(["53/TCP", "53/UDP"], dns["ports"]!.AsArray().Select(p => $"{p!["port"]}/{Text(p["protocol"])}").Order());

        // Anything else leaves only for HTTPS outside the private ranges (the npm registry), never to another pod.
        var outside = rules.Except([dns]).Where(r => r["to"]!.AsArray().All(p => p!["ipBlock"] is not null)).ToList();
        Assert.Equal(rules.Count - 3, outside.Count);
        Assert.All(outside, r => Assert.Equal([443L], r["ports"]!.AsArray().Select(p => p!["port"]!.GetValue<long>())));
        Assert.All(outside.SelectMany(r => r["to"]!.AsArray()), p => Assert.Contains("10.0.0.0/8", p!["ipBlock"]!["except"]!.AsArray().Select(Text)));

        var postgres = manifests.Single("NetworkPolicy", "dwpfarm-postgres");
        Assert.Contains("Egress", postgres["spec"]!["policyTypes"]!.AsArray().Select(Text));
        Assert.Empty(OverlayTests.Rules(postgres, "egress"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_dashboard_is_off_so_port_8080_carries_no_credentials(string overlay)
    {
        var silo = Container(OverlayTests.SiloPod(await Kustomize.BuildAsync(overlay)), SiloContainer);

        Assert.Equal("false", EnvValue(silo, "Farm__Dashboard__Enabled"));
        Assert.DoesNotContain(Env(silo), e => Text(e["name"]).StartsWith("Farm__Dashboard__Password", StringComparison.OrdinalIgnoreCase));
        Assert.StartsWith("http://", EnvValue(silo, "Urls"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_pod_presents_the_client_certificate_to_the_headless_gateway()
    {
        var cli = await Kustomize.BuildAsync("cli");
        var pod = cli.Single("Pod", "dwpfarm-cli");
        Assert.Equal("dwpfarm", Text(pod["metadata"]!["namespace"]));
        Assert.False(pod["spec"]!["automountServiceAccountToken"]!.GetValue<bool>());
        var container = Containers(pod).Single();
        Assert.StartsWith("REGISTRY/dwpfarm-cli:", Text(container["image"]), StringComparison.Ordinal);
        var variables = CliConfiguration.Variables();
        Assert.All(Env(container), e => Assert.Contains(Text(e["name"]), variables.Values));

        // The silo policy admits it: its labels carry the client peer's, in the same namespace.
        var manifests = await Kustomize.BuildAsync("overlays/cpu");
        var peer = OverlayTests.Peers(manifests.Single("NetworkPolicy", "dwpfarm-silo")).Single(p => p["podSelector"]?["matchLabels"]?["dwpfarm.io/client"] is not null);
        var labels = Labels(pod["metadata"]!["labels"]);
        Assert.All(Labels(peer["podSelector"]!["matchLabels"]), l => Assert.Equal(l.Value, labels.GetValueOrDefault(l.Key)));

        // The headless Service, for failover across silos, on the gateway port.
        var gateway = manifests.Single("Service", "dwpfarm-gateway-headless");
        var port = gateway["spec"]!["ports"]!.AsArray().Single()!["port"]!.GetValue<long>();
        Assert.Equal($"{Name(gateway)}:{port}", EnvValue(container, variables["EnvironmentVariable"]));

        // The client certificate, from the farm's CA, opened with the keystore password.
        var certificate = (await Kustomize.BuildAsync("certs")).Single("Certificate", "dwpfarm-client");
        var secret = TlsMount(pod, container, EnvValue(container, variables["TlsCertificateVariable"]), EnvValue(container, variables["TlsAuthorityVariable"]));
        Assert.Equal(Text(certificate["spec"]!["secretName"]), secret);
        Assert.Equal(PasswordReference(certificate), SecretReference(container, variables["TlsPasswordVariable"]));
    }

    /// <summary>Checks that the keystore and CA paths are the two files of one secret volume mounted in the container, and returns its Secret.</summary>
    private static string TlsMount(JsonObject pod, JsonObject container, string keystorePath, string authorityPath)
    {
        var folder = Path.GetDirectoryName(keystorePath)!;
        Assert.Equal(folder, Path.GetDirectoryName(authorityPath));
        var mount = container["volumeMounts"]!.AsArray().Single(m => Text(m!["mountPath"]) == folder)!;
        Assert.True(mount["readOnly"]!.GetValue<bool>());
        var volume = SecretVolume(pod, Text(mount["name"]));
        var items = volume["items"]!.AsArray().ToDictionary(i => Text(i!["path"]), i => Text(i!["key"]));
        Assert.Equal(Keystore, items[Path.GetFileName(keystorePath)]);
        Assert.Equal(Authority, items[Path.GetFileName(authorityPath)]);
        return Text(volume["secretName"]);
    }

    private static (string Name, string Key) PasswordReference(JsonObject certificate)
    {
        var reference = certificate["spec"]!["keystores"]!["pkcs12"]!["passwordSecretRef"]!;
        return (Text(reference["name"]), Text(reference["key"]));
    }

    private static (string Name, string Key) SecretReference(JsonObject container, string variable)
    {
        var reference = Env(container).Single(e => Text(e["name"]) == variable)["valueFrom"]!["secretKeyRef"]!;
        return (Text(reference["name"]), Text(reference["key"]));
    }

    private static string Issuer(Manifests certs, JsonObject certificate)
    {
        var issuer = certificate["spec"]!["issuerRef"]!;
        Assert.Equal("Issuer", Text(issuer["kind"]));
        return Name(certs.Single("Issuer", Text(issuer["name"])));
    }

    private static IReadOnlyList<string> Usages(JsonObject certificate) =>
        [.. (certificate["spec"]!["usages"]?.AsArray() ?? []).Select(Text)];

    /// <summary>The ports the egress rules let out to <paramref name="pod"/>'s template.</summary>
    private static List<long> PortsTo(Manifests manifests, IEnumerable<JsonObject> rules, JsonObject pod) =>
        [.. rules.Where(r => r["to"]!.AsArray().Any(p => p!["namespaceSelector"] is null && p["podSelector"] is not null && manifests.PodsSelectedBy(p["podSelector"]).Contains(pod)))
            .SelectMany(r => r["ports"]!.AsArray()).Select(p => p!["port"]!.GetValue<long>())];
}
