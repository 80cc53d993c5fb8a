using System.Text.Json;
using DwpFarm.Client.Farm;
using DwpFarm.Client.Reports;
using DwpFarm.Grains.Interfaces.Sweeps;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>Writes a sweep's report folder as the CLI does and reads back the unit ids its results.json lists.</summary>
internal static class ResultsJson
{
    public static async Task<List<string?>> UnitIdsAsync(IGrainFactory grains, SweepReport report, string folder)
    {
        new ReportWriter(a => ArtifactDownloader.Download(grains, a)).Write(report, folder);
        using var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "results.json")));
        return [.. results.RootElement.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("id").GetString())];
    }
}
