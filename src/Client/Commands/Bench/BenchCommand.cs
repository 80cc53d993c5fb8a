using System.Globalization;
using System.Text.Json.Nodes;
using DwpFarm.Client.Commands.Data;
using DwpFarm.Client.Infrastructure;
using DwpFarm.Dwp.Bench;
using DwpFarm.Dwp.Models;
using DwpFarm.Dwp.Torch;
using DwpFarm.Grains.Interfaces.Specs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Bench;

/// <summary><c>dwpfarm bench</c>: torch matmul rate versus FConvMnist and VAE training throughput on this machine.</summary>
public sealed class BenchCommand(IAnsiConsole console) : Command<BenchSettings>
{
    public override int Execute(CommandContext context, BenchSettings settings, CancellationToken cancellationToken)
    {
        var options = new BenchOptions
        {
            Cores = settings.Cores ?? Environment.ProcessorCount,
            BatchSize = settings.BatchSize,
            Duration = TimeSpan.FromSeconds(settings.Seconds),
        };
        if (settings.HeapArm is { } arm)
        {
            return MeasureArm(NativeHeap.Reusing == (arm == BenchArmProcess.Reuse), $"the heap arm '{arm}' needs {(arm == BenchArmProcess.Reuse ? "reuse on" : "glibc's defaults")}, but this process has {NativeHeap.Reason}", options, cancellationToken);
        }

        if (settings.CapsArm is { } capsArm)
        {
            return MeasureArm(CpuKernelIsa.Applied == (capsArm == BenchArmProcess.Capped), $"the kernel-caps arm '{capsArm}' needs the caps {(capsArm == BenchArmProcess.Capped ? "on" : "off")}, but this process has {CpuKernelIsa.Reason}", options, cancellationToken);
        }

        var report = Benchmark.Run(
            options,
            ProgressLog.To(console, standardError: settings.Json),
            heapArm: reuse => BenchArmProcess.Heap(reuse, settings, cancellationToken),
            capsArm: capped => BenchArmProcess.Caps(capped, settings, cancellationToken),
            cancellationToken);
        if (settings.Json)
        {
            // The raw writer: Spectre would wrap a long line at the console width.
            console.Profile.Out.Writer.WriteLine(ToJson(report).ToJsonString());
            return ExitCodes.Ok;
        }

        var table = new Table().AddColumns("net", "layout (slots×threads)", "samples/s", "GFLOP/s", "× matmul");
        foreach (var run in report.Runs)
        {
            table.AddRow(run.Net, run.Layout, F(run.SamplesPerSecond, 0), F(run.Gflops, 1), F(run.Ratio, 2));
        }

        console.MarkupLine($"matmul: [bold]{F(report.MatmulGflops, 1)}[/] GFLOP/s on {report.Cores} threads (torch {Markup.Escape(report.TorchVersion)})");
        console.Write(table);
        if (report.HeapReuse is { } heap)
        {
            console.MarkupLine($"heap reuse, {heap.Net} on 1 slot × 1 thread: {F(heap.ReuseSamplesPerSecond, 0)} samples/s against {F(heap.DefaultSamplesPerSecond, 0)} with glibc's defaults = [bold]{F(heap.Ratio, 2)}×[/]");
        }

        if (report.KernelCaps is { } caps)
        {
            console.MarkupLine($"kernel caps, {caps.Net} on 1 slot × 1 thread: {F(caps.NativeSamplesPerSecond, 0)} samples/s with every kernel against {F(caps.CappedSamplesPerSecond, 0)} capped = [bold]{F(caps.Ratio, 2)}×[/] (this process: {Markup.Escape(CpuKernelIsa.Reason)})");
        }

        foreach (var front in report.Front ?? [])
        {
            console.MarkupLine($"front {front.Net}, {front.Nets} net per model: [bold]{F(front.NetEpochsPerCoreHour(ImagesPerEpoch), 1)}[/] net-epochs per core-hour ({F(front.SamplesPerSecondPerCore, 0)} samples/s per core; an epoch is {ImagesPerEpoch:N0} letters)");
        }

        console.MarkupLine(report.VaeKernelsPerSecondOneThread is { } one
            ? $"VAE 5×5 training: {F(report.VaeKernelsPerSecond, 0)} kernels/s on {report.Cores} threads, {F(one, 0)} on one = [bold]{F(report.VaeKernelsPerSecond / one, 2)}×[/]"
            : $"VAE 5×5 training: {F(report.VaeKernelsPerSecond, 0)} kernels/s");
        console.MarkupLine($"torch.set_num_threads: {(report.ThreadCountIsPerThread ? "per thread" : "process-wide")}");
        return ExitCodes.Ok;
    }

    /// <summary>The child's side of <see cref="BenchArmProcess"/>: refuses to measure a setting that is not the one asked for.</summary>
    private int MeasureArm(bool asked, string refusal, BenchOptions options, CancellationToken cancellationToken)
    {
        if (!asked)
        {
            Console.Error.WriteLine($"dwpfarm: error: {refusal}");
            return ExitCodes.Usage;
        }

        console.Profile.Out.Writer.WriteLine(Benchmark.ArmSamplesPerSecond(options, cancellationToken).ToString("R", CultureInfo.InvariantCulture));
        return ExitCodes.Ok;
    }

    // Exactly the agreed keys, in the agreed order; everything else is on the human-readable output.
    private static JsonObject ToJson(BenchReport report) => new()
    {
        ["matmul_gflops"] = Round(report.MatmulGflops),
        ["runs"] = new JsonArray(report.Runs.Select(r => (JsonNode)new JsonObject
        {
            ["net"] = r.Net,
            ["layout"] = r.Layout,
            ["samples_per_s"] = Round(r.SamplesPerSecond),
            ["gflops"] = Round(r.Gflops),
            ["ratio"] = Math.Round(r.Ratio, 4),
        }).ToArray()),
        ["front"] = new JsonArray((report.Front ?? []).Select(f => (JsonNode)new JsonObject
        {
            ["net"] = f.Net,
            ["nets"] = f.Nets,
            ["net_epochs_per_core_hour"] = Round(f.NetEpochsPerCoreHour(ImagesPerEpoch)),
        }).ToArray()),
        ["vae_kernels_per_s"] = Round(report.VaeKernelsPerSecond),
        ["vae_one_thread_kernels_per_s"] = report.VaeKernelsPerSecondOneThread is { } one ? Round(one) : null,
        ["heap_reuse"] = report.HeapReuse is { } heap
            ? new JsonObject
            {
                ["net"] = heap.Net,
                ["default_samples_per_s"] = Round(heap.DefaultSamplesPerSecond),
                ["reuse_samples_per_s"] = Round(heap.ReuseSamplesPerSecond),
                ["ratio"] = Math.Round(heap.Ratio, 4),
            }
            : null,
        ["kernel_caps"] = report.KernelCaps is { } caps
            ? new JsonObject
            {
                ["net"] = caps.Net,
                ["capped_samples_per_s"] = Round(caps.CappedSamplesPerSecond),
                ["native_samples_per_s"] = Round(caps.NativeSamplesPerSecond),
                ["ratio"] = Math.Round(caps.Ratio, 4),
                ["this_process"] = CpuKernelIsa.Reason,
            }
            : null,
    };

    /// <summary>One net-epoch: a pass over the default spec's training letters (rendered per class, less those held out).</summary>
    private static int ImagesPerEpoch
    {
        get
        {
            var source = new SourceSpec();
            return (source.ImagesPerClass * FConvMnist.Classes) - source.TestImages;
        }
    }

    private static double Round(double value) => Math.Round(value, 2);

    private static string F(double value, int digits) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
