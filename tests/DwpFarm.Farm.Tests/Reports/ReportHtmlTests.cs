using DwpFarm.Client.Reports;
using DwpFarm.Grains.Interfaces.Sweeps;
using DwpFarm.Grains.Interfaces.Units;
using SkiaSharp;

namespace DwpFarm.Farm.Tests.Reports;

/// <summary>report.html opens in a real browser, offline, with its plots and without errors; text from users stays text.</summary>
public sealed class ReportHtmlTests : IDisposable
{
    private const int Width = 1024;
    private const int Height = 768;

    private readonly string _root = Directory.CreateTempSubdirectory("dwpfarm-report-html-").FullName;

    public static TheoryData<string> Modes => ["init", "bayes"];

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task The_report_renders_in_chromium_with_every_plot_and_no_error(string mode)
    {
        var report = mode == "init" ? SyntheticReports.Init() : SyntheticReports.Bayes();
        var folder = Path.Combine(_root, mode);
        var plots = new ReportWriter(_ => throw new InvalidOperationException("no artifacts needed")).Write(report, folder).Count(f => f.EndsWith(".png", StringComparison.Ordinal));
        // Only the page itself: a reference to a sibling file would load here and fail elsewhere.
        File.Copy(Path.Combine(folder, "report.html"), Path.Combine(_root, $"{mode}.html"));

        await using var chromium = await HeadlessChromium.StartAsync();
        await chromium.LoadAsync(Path.Combine(_root, $"{mode}.html"), Width, Height);
        var decoded = (int)(await chromium.EvaluateAsync("Array.from(document.images).filter(i => i.complete && i.naturalWidth > 0).length"))!;
        var tables = (int)(await chromium.EvaluateAsync("document.querySelectorAll('table').length"))!;
        using var screenshot = SKBitmap.Decode(await chromium.ScreenshotAsync());

        Assert.True(plots > 0);
        Assert.Equal(plots, decoded);
        Assert.True(tables > 0, "the page has no table");
        Assert.Equal((Width, Height), (screenshot.Width, screenshot.Height));
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task A_page_with_errors_is_caught_by_the_check()
    {
        var page = Path.Combine(_root, "broken.html");
        File.WriteAllText(page, "<!DOCTYPE html><html><body><p>broken</p><img src=\"missing.png\"><script>console.error('boom'); undefinedFunction();</script></body></html>");

        await using var chromium = await HeadlessChromium.StartAsync();
        await chromium.LoadAsync(page, Width, Height);

        Assert.Contains(chromium.Errors, e => e.Contains("boom", StringComparison.Ordinal));
        Assert.Contains(chromium.Errors, e => e.Contains("undefinedFunction", StringComparison.Ordinal));
        Assert.Contains(chromium.Errors, e => e.Contains("missing.png", StringComparison.Ordinal));
    }

    [Fact]
    public void Markup_and_image_links_from_users_stay_text()
    {
        var report = SyntheticReports.Init(name: "<script>alert(1)</script>");
        report = report with
        {
            Units = [.. report.Units, new UnitSummary { UnitId = "synthetic-1/eval/dwp/n8000/s99", Kind = UnitKind.Evaluation, Status = UnitStatus.Failed, Error = "see ![secret](/etc/hostname)" }],
        };
        var folder = Path.Combine(_root, "escaped");

        new ReportWriter(_ => throw new InvalidOperationException("no artifacts needed")).Write(report, folder);
        var html = File.ReadAllText(Path.Combine(folder, "report.html"));

        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("[image /etc/hostname]", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("src=\"data:image/png;base64,").Length - 1);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
