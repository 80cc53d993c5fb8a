namespace DwpFarm.Client.Farm;

/// <summary>A gateway accepted the connection but the cluster did not answer in time; the CLI exits with code 3, which a script may retry.</summary>
public sealed class ClusterSlowException(string message, Exception? inner = null) : Exception(message, inner);
