namespace DwpFarm.Hosting;

/// <summary>The TLS configuration cannot be used; the message says which file and why.</summary>
public sealed class ClusterTlsException(string message, Exception? inner = null) : Exception(message, inner);
