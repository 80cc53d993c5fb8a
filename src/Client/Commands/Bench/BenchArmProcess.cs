using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using DwpFarm.Dwp.Bench;
using DwpFarm.Dwp.Torch;

namespace DwpFarm.Client.Commands.Bench;

/// <summary>
/// One arm of the benchmark's heap or kernel-caps row, measured by this CLI started again as <c>bench --heap-arm</c> or
/// <c>bench --caps-arm</c> with the setting the arm needs: glibc's own defaults can only be seen in a process that
/// never called mallopt, and the torch libraries read their kernel caps once, at first use.
/// </summary>
internal static class BenchArmProcess
{
    public const string Reuse = "reuse";
    public const string Glibc = "glibc";
    public const string Capped = "capped";
    public const string Native = "native";

    /// <summary>The heap row's arm; <see cref="BenchArmException"/> when the process fails.</summary>
    public static double Heap(bool reuse, BenchSettings settings, CancellationToken cancellationToken) =>
        Measure("--heap-arm", reuse ? Reuse : Glibc, settings, environment =>
        {
            // Malloc settings of the user's would make both arms the same.
            environment.Remove("GLIBC_TUNABLES");
            environment[NativeHeap.OptOutVariable] = reuse ? "1" : "0";
        }, cancellationToken);

    /// <summary>The kernel-caps row's arm; <see cref="BenchArmException"/> when the process fails.</summary>
    public static double Caps(bool capped, BenchSettings settings, CancellationToken cancellationToken) =>
        Measure("--caps-arm", capped ? Capped : Native, settings, environment =>
        {
            // A user's value would make both arms the same.
            foreach (var name in CpuKernelIsa.Variables)
            {
                environment.Remove(name);
            }

            environment[CpuKernelIsa.Variable] = capped ? "1" : "0";
        }, cancellationToken);

    private static double Measure(string option, string arm, BenchSettings settings, Action<IDictionary<string, string?>> environment, CancellationToken cancellationToken)
    {
        var start = Self();
        start.ArgumentList.Add("bench");
        start.ArgumentList.Add(option);
        start.ArgumentList.Add(arm);
        start.ArgumentList.Add("--batch");
        start.ArgumentList.Add(settings.BatchSize.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--seconds");
        start.ArgumentList.Add(settings.Seconds.ToString("R", CultureInfo.InvariantCulture));
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        environment(start.Environment);
        using var process = Process.Start(start) ?? throw new BenchArmException("could not start the benchmark again");
        using var kill = cancellationToken.Register(() => process.Kill(entireProcessTree: true));
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        cancellationToken.ThrowIfCancellationRequested();
        var last = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return process.ExitCode == 0 && double.TryParse(last, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0
            ? rate
            : throw new BenchArmException($"the {arm} arm exited with {process.ExitCode}: {stderr.Result.Trim()}");
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
