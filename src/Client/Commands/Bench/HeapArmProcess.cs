using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using DwpFarm.Dwp.Bench;
using DwpFarm.Dwp.Torch;

namespace DwpFarm.Client.Commands.Bench;

/// <summary>
/// One arm of the benchmark's heap row, measured by this CLI started again as <c>bench --heap-arm</c> with the allocator
/// setting the arm needs: glibc's own defaults can only be seen in a process that never called mallopt.
/// </summary>
internal static class HeapArmProcess
{
    public const string Reuse = "reuse";
    public const string Glibc = "glibc";

    /// <summary>The arm's samples per second; <see cref="BenchArmException"/> when the process fails.</summary>
    public static double Measure(bool reuse, BenchSettings settings, CancellationToken cancellationToken)
    {
        var start = Self();
        start.ArgumentList.Add("bench");
        start.ArgumentList.Add("--heap-arm");
        start.ArgumentList.Add(reuse ? Reuse : Glibc);
        start.ArgumentList.Add("--batch");
        start.ArgumentList.Add(settings.BatchSize.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--seconds");
        start.ArgumentList.Add(settings.Seconds.ToString("R", CultureInfo.InvariantCulture));
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;

        // Malloc settings of the user's would make both arms the same.
        start.Environment.Remove("GLIBC_TUNABLES");
        start.Environment[NativeHeap.OptOutVariable] = reuse ? "1" : "0";
        using var process = Process.Start(start) ?? throw new BenchArmException("could not start the benchmark again");
        using var kill = cancellationToken.Register(() => process.Kill(entireProcessTree: true));
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        cancellationToken.ThrowIfCancellationRequested();
        var last = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return process.ExitCode == 0 && double.TryParse(last, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0
            ? rate
            : throw new BenchArmException($"the {(reuse ? Reuse : Glibc)} arm exited with {process.ExitCode}: {stderr.Result.Trim()}");
    }

    /// <summary>This CLI again: its apphost, or <c>dotnet</c> with its assembly when it was started that way.</summary>
    private static ProcessStartInfo Self()
    {
        var host = Environment.ProcessPath ?? throw new BenchArmException("this process's executable is unknown");
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()?.Location ?? throw new BenchArmException("this CLI's assembly is unknown"));
        }

        return start;
    }
}
