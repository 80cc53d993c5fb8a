namespace DwpFarm.Client.Reports;

/// <summary>The report would overwrite files it did not write; the CLI prints the message and exits 1.</summary>
public sealed class ReportFolderRefusedException(string message) : IOException(message);
