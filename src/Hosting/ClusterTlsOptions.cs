namespace DwpFarm.Hosting;

/// <summary>
/// Mutual TLS between silos and clients. Off unless a certificate is given; when on, every
/// silo-to-silo and client-to-gateway connection must present an accepted certificate.
/// </summary>
public sealed class ClusterTlsOptions
{
    public const string SectionName = "Farm:Tls";

    /// <summary>PKCS#12 (.pfx) file with this silo's or client's certificate and private key.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PKCS#12 file's password, if any; from a secret or the environment, never a file in the image.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// PEM file of the cluster's certificate authority. Peers are accepted when their certificate
    /// chains to it; without it, only peers presenting this same certificate are accepted.
    /// </summary>
    public string? AuthorityPath { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);
}
