using System.Security.Cryptography.X509Certificates;
using DwpFarm.Hosting;

namespace DwpFarm.Farm.Tests;

/// <summary>Which peers the cluster's TLS accepts, and the errors of unusable TLS files.</summary>
public sealed class ClusterTlsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("dwpfarm-tls-");

    [Fact]
    public void Without_an_authority_only_the_same_certificate_is_accepted()
    {
        using var own = TestCertificates.SelfSigned("silo");
        using var stranger = TestCertificates.SelfSigned("silo");
        var tls = ClusterTls.Load(new ClusterTlsOptions { CertificatePath = TestCertificates.WritePfx(own, _folder.FullName, "own.pfx", "pw"), CertificatePassword = "pw" });

        Assert.True(tls.Accepts(X509CertificateLoader.LoadCertificate(own.RawData)));
        Assert.False(tls.Accepts(stranger));
    }

    [Fact]
    public void With_an_authority_any_certificate_it_issued_is_accepted_and_no_other()
    {
        using var authority = TestCertificates.Authority("dwpfarm-ca");
        using var otherAuthority = TestCertificates.Authority("dwpfarm-ca");
        using var silo = TestCertificates.IssuedBy(authority, "silo");
        using var client = TestCertificates.IssuedBy(authority, "client");
        using var forged = TestCertificates.IssuedBy(otherAuthority, "client");
        var caPath = Path.Combine(_folder.FullName, "ca.pem");
        File.WriteAllText(caPath, authority.ExportCertificatePem());
        var tls = ClusterTls.Load(new ClusterTlsOptions { CertificatePath = TestCertificates.WritePfx(silo, _folder.FullName, "silo.pfx", null), AuthorityPath = caPath });

        Assert.True(tls.Accepts(client));
        Assert.False(tls.Accepts(forged));
        Assert.False(tls.Accepts(otherAuthority));
    }

    [Fact]
    public void Unusable_files_give_one_clear_error_naming_the_file()
    {
        using var own = TestCertificates.SelfSigned("silo");
        var pfx = TestCertificates.WritePfx(own, _folder.FullName, "own.pfx", "right");
        var publicOnly = Path.Combine(_folder.FullName, "public.pfx");
        File.WriteAllBytes(publicOnly, X509CertificateLoader.LoadCertificate(own.RawData).Export(X509ContentType.Pkcs12));
        var missing = Path.Combine(_folder.FullName, "missing.pfx");

        Assert.Contains("missing.pfx", Assert.Throws<ClusterTlsException>(() => ClusterTls.Load(new ClusterTlsOptions { CertificatePath = missing })).Message, StringComparison.Ordinal);
        var wrongPassword = Assert.Throws<ClusterTlsException>(() => ClusterTls.Load(new ClusterTlsOptions { CertificatePath = pfx, CertificatePassword = "wrong" }));
        Assert.Contains("own.pfx", wrongPassword.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", wrongPassword.Message, StringComparison.Ordinal);
        Assert.Contains("no private key", Assert.Throws<ClusterTlsException>(() => ClusterTls.Load(new ClusterTlsOptions { CertificatePath = publicOnly })).Message, StringComparison.Ordinal);
        Assert.Contains("missing.pem", Assert.Throws<ClusterTlsException>(() => ClusterTls.Load(new ClusterTlsOptions { CertificatePath = pfx, CertificatePassword = "right", AuthorityPath = Path.Combine(_folder.FullName, "missing.pem") })).Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
