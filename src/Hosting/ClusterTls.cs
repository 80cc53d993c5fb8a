using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace DwpFarm.Hosting;

/// <summary>
/// Loads the cluster certificate and decides which peers to trust. Host names are not checked:
/// silos are reached by pod IP, so trust comes from the cluster's own authority (or the pinned
/// certificate), never from the public roots.
/// </summary>
public sealed class ClusterTls
{
    private readonly X509Certificate2? _authority;

    private ClusterTls(X509Certificate2 certificate, X509Certificate2? authority)
    {
        Certificate = certificate;
        _authority = authority;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>Reads the configured files; a missing or unreadable file is one clear <see cref="ClusterTlsException"/>.</summary>
    public static ClusterTls Load(ClusterTlsOptions options)
    {
        var path = options.CertificatePath ?? throw new ClusterTlsException("no TLS certificate configured (Farm:Tls:CertificatePath)");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ClusterTlsException($"cannot load the TLS certificate '{path}': {Describe(ex)}", ex);
        }

        if (!certificate.HasPrivateKey)
        {
            throw new ClusterTlsException($"the TLS certificate '{path}' has no private key; give a .pfx with its key");
        }

        X509Certificate2? authority = null;
        if (!string.IsNullOrWhiteSpace(options.AuthorityPath))
        {
            try
            {
                authority = X509CertificateLoader.LoadCertificateFromFile(options.AuthorityPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new ClusterTlsException($"cannot load the TLS authority '{options.AuthorityPath}': {Describe(ex)}", ex);
            }
        }

        return new ClusterTls(certificate, authority);
    }

    /// <summary>Mutual TLS: both sides present a certificate and both check the other's.</summary>
    public void Configure(TlsOptions options)
    {
        options.LocalCertificate = Certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (certificate, _, _) => Accepts(certificate);
    }

    /// <summary>Whether a peer presenting <paramref name="peer"/> belongs to this cluster.</summary>
    public bool Accepts(X509Certificate2 peer)
    {
        if (_authority is null)
        {
            return peer.RawDataMemory.Span.SequenceEqual(Certificate.RawDataMemory.Span);
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(peer);
    }

    private static string Describe(Exception ex) => ex.Message.Split('\n')[0].TrimEnd('.');
}
