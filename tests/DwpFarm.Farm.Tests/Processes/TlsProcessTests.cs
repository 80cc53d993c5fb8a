namespace DwpFarm.Farm.Tests.Processes;

/// <summary>One silo process that requires mutual TLS with the cluster certificate.</summary>
public sealed class TlsSiloFixture() : SingleSiloFixture("tls-silo")
{
    public const string Password = "s3cret-pfx";

    public string Certificate { get; private set; } = string.Empty;

    /// <summary>A certificate with the same subject that the cluster never issued.</summary>
    public string Stranger { get; private set; } = string.Empty;

    protected override SiloProcess CreateSilo()
    {
        using var cluster = TestCertificates.SelfSigned("dwpfarm-cluster");
        using var stranger = TestCertificates.SelfSigned("dwpfarm-cluster");
        Certificate = TestCertificates.WritePfx(cluster, Root, "cluster.pfx", Password);
        Stranger = TestCertificates.WritePfx(stranger, Root, "stranger.pfx", Password);
        return new SiloProcess(Root, new Dictionary<string, string> { ["Slots:Count"] = "1", ["Farm:Tls:CertificatePath"] = Certificate })
        {
            // The password comes from the environment, as a Kubernetes secret would give it.
            Environment = new Dictionary<string, string> { ["Farm__Tls__CertificatePassword"] = Password },
        };
    }
}

/// <summary>A real silo with mutual TLS: the CLI gets in with the cluster's certificate and is refused without it.</summary>
public sealed class TlsProcessTests(TlsSiloFixture fixture) : IClassFixture<TlsSiloFixture>
{
    private const string Password = TlsSiloFixture.Password;
    private readonly SiloProcess _silo = fixture.Silo;
    private readonly string _certificate = fixture.Certificate;
    private readonly string _stranger = fixture.Stranger;

    [Fact]
    public async Task A_client_with_the_cluster_certificate_is_served()
    {
        var (code, stdout, stderr) = await CliProcess.RunAsync(Tls(_certificate), "cluster", "status", "--gateway", _silo.Gateway);

        Assert.True(code == 0, $"exit {code}: {stderr}\n{_silo.Output}");
        Assert.Contains("silo(s)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_without_a_certificate_is_refused_in_one_line()
    {
        var (code, stdout, stderr) = await CliProcess.RunAsync(null, "cluster", "status", "--gateway", _silo.Gateway);

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("DWPFARM_TLS_CERTIFICATE", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_with_another_certificate_is_refused()
    {
        var (code, _, stderr) = await CliProcess.RunAsync(Tls(_stranger), "cluster", "status", "--gateway", _silo.Gateway);

        Assert.Equal(2, code);
        Assert.Contains("accept this certificate", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, stderr, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Tls(string certificate) => new()
    {
        ["DWPFARM_TLS_CERTIFICATE"] = certificate,
        ["DWPFARM_TLS_PASSWORD"] = Password,
    };
}
