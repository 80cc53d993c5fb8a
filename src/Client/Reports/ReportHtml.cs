using System.Net;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace DwpFarm.Client.Reports;

/// <summary>
/// <c>report.html</c>: <c>report.md</c> rendered by Markdig into one self-contained page. Every image the Markdown names
/// is embedded as a data URI, and the page's content security policy allows nothing from outside it, so it opens
/// offline and from any folder. Raw HTML in the Markdown (a spec name, a unit's error) is shown as text, never run.
/// </summary>
internal static class ReportHtml
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}" +
        "table{border-collapse:collapse;margin:1em 0;font-size:.9em;display:block;overflow-x:auto}" +
        "th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;white-space:nowrap}" +
        "th{background:#f3f3f3}img{max-width:100%;display:block;margin:1em 0}pre{background:#f6f6f6;padding:1em;overflow:auto}";

    // Markdown's pipe tables, and no raw HTML: text from specs and errors cannot inject markup.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();

    /// <summary>
    /// The page for <paramref name="markdown"/>, with each of <paramref name="images"/> it shows embedded (<paramref name="read"/>
    /// gives its PNG bytes). Any other image the text names (say, in a unit's error) stays text and is never read.
    /// </summary>
    public static string Render(string title, string markdown, IReadOnlyCollection<string> images, Func<string, byte[]> read)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var image in document.Descendants<LinkInline>().Where(l => l.IsImage).ToList())
        {
            if (image.Url is { } name && images.Contains(name))
            {
                image.Url = $"data:image/png;base64,{Convert.ToBase64String(read(name))}";
            }
            else
            {
                image.ReplaceBy(new LiteralInline($"[image {image.Url}]"));
            }
        }

        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n" +
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
            $"<title>{WebUtility.HtmlEncode(title)}</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>{Style}</style>\n</head>\n<body>\n" +
            document.ToHtml(Pipeline) +
            "</body>\n</html>\n";
    }
}
