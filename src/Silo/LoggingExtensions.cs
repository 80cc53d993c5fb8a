using System.Text.Encodings.Web;
using System.Text.Json;

namespace DwpFarm.Silo;

/// <summary>Console logs: plain text by default, one JSON object per line for log collectors.</summary>
internal static class LoggingExtensions
{
    /// <summary><c>json</c> or <c>text</c>; read from the environment or any other configuration source.</summary>
    public const string FormatKey = "DWPFARM_LOG_FORMAT";

    public static void AddDwpFarmLogging(this WebApplicationBuilder builder)
    {
        var format = builder.Configuration[FormatKey];
        if (string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            // Structured fields (UnitId, SweepId, …) land in "State", scopes in "Scopes".
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

                // Log lines are not HTML: keep "×" and "+" readable instead of \u00D7 escapes.
                o.JsonWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        }
        else if (!string.IsNullOrEmpty(format) && !string.Equals(format, "text", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{FormatKey} must be 'json' or 'text', not '{format}'");
        }
    }
}
