namespace DwpFarm.Silo;

/// <summary>The dashboard's settings cannot be used; the message says what to set.</summary>
public sealed class DashboardConfigurationException(string message) : Exception(message);
