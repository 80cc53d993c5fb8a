using System.Diagnostics;
using Xunit.Sdk;

namespace DwpFarm.Tests;

/// <summary>
/// A program from the machine (promtool, prometheus, kustomize, yamllint) that a test runs.
/// A missing one fails the test with the Debian package to install; nothing is skipped.
/// </summary>
internal static class ExternalTool
{
    /// <summary>The program's path on PATH, or a failure naming the package that provides it.</summary>
    public static string Find(string program, string debianPackage)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(folder, program);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new XunitException($"{program} is not on PATH: install the Debian package '{debianPackage}' (make test installs it: scripts/setup.sh test)");
    }

    /// <summary>Runs the program to completion, feeding <paramref name="input"/> on stdin, with extra <paramref name="environment"/> variables; killed after <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string program,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? input = null,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new XunitException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new XunitException($"{Path.GetFileName(program)} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
