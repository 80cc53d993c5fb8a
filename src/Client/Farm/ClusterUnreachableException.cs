namespace DwpFarm.Client.Farm;

/// <summary>The gateway did not answer; the CLI prints one line and exits with code 2.</summary>
public sealed class ClusterUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
