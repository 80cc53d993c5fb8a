using System.Diagnostics;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Models;
using DwpFarm.Dwp.Torch;
using DwpFarm.Dwp.Vae;
using TorchSharp;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Bench;

/// <summary>
/// Measures, in one run, the machine's float32 matmul rate and the training throughput of FConvMnist and of the
/// kernel VAE, so that training speed can be read as a fraction of what torch's best kernel reaches here.
/// </summary>
/// <remarks>
/// What limits FConvMnist 32x128 (measured, batch 256, one thread, libtorch 2.10 CPU): conv2 runs at ~107 GFLOP/s
/// (near one core's matmul rate), but conv1 (1 input channel, 7×7) reaches only ~26 GFLOP/s and the two
/// max-pools (forward + backward, memory-bound) take ~30% of the step. Pooling before the activation saves the
/// activation work; reshape/amax or max-of-slices pooling is 1.5–2.5× slower than max_pool2d. Channels-last
/// (TorchSharp 0.107 has no memory-format API; emulated by permuted strides) slowed the whole step while every step
/// mapped its memory afresh; with freed memory reused it is 1.19× (AVX caps) to 1.65× (AVX-512) for 128×64, so
/// FConvMnist feeds its input so (FConvMnist.ChannelsLast). Lowering both convs to im2col and one GEMM each (channels-last patches, addmm; same function)
/// left 256x512 where it was (202 samples/s at 1×2 either way; 221 against 204 at 2×1) and made 32x128 29% slower
/// at 1×2, so the net keeps libtorch's convolution. Slots of one thread each beat one slot of all threads (by
/// 1–40% over the runs so far). Only the 26×26 of the image that the output depends on is computed (see
/// FConvMnist.UsedInputSide), and FLOPs are counted so.
/// </remarks>
public static class Benchmark
{
    private const int WarmupSteps = 1;
    private const int MinimumSteps = 2;

    /// <summary>
    /// Runs every measurement. <paramref name="heapArm"/> measures <see cref="BenchOptions.ArmNet"/> in a process of its
    /// own with reuse on (true) or with glibc's defaults (false), as <see cref="ArmSamplesPerSecond"/> does there;
    /// without it the heap row is left out. Both must be fresh processes: once mallopt has been called in a process,
    /// glibc no longer raises its mmap threshold as blocks are freed, so "back to the defaults" in the same process
    /// maps every large block afresh, which glibc's real defaults do not. <paramref name="capsArm"/> does the same
    /// with the CPU kernel caps on (true) or off (false), which the libraries also read once per process.
    /// </summary>
    public static BenchReport Run(BenchOptions options, Action<string>? log = null, Func<bool, double>? heapArm = null, Func<bool, double>? capsArm = null, CancellationToken cancellationToken = default)
    {
        log ??= _ => { };
        var cores = Math.Max(1, options.Cores);
        var perThread = ProbeThreadCountIsPerThread(cores);
        log($"torch.set_num_threads is {(perThread ? "per thread" : "process-wide")} here");

        var matmulBefore = OnSlots(1, cores, _ => MatmulGflops(options, cancellationToken))[0];
        log($"matmul {options.MatmulSize}×{options.MatmulSize} float32, {cores} threads: {matmulBefore:F1} GFLOP/s");

        var runs = new List<BenchRun>();
        var layouts = cores > 1 ? new[] { (Slots: 1, Threads: cores), (Slots: cores, Threads: 1) } : [(Slots: 1, Threads: 1)];
        foreach (var net in options.Nets)
        {
            foreach (var (slots, threads) in layouts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var samplesPerSecond = TrainingSamplesPerSecond(net, slots, threads, options, cancellationToken);
                var gflops = samplesPerSecond * net.TrainFlopsPerSample() / 1e9;
                var run = new BenchRun(net.ToString(), slots, threads, options.BatchSize, samplesPerSecond, gflops, gflops / matmulBefore);
                runs.Add(run);
                log($"train {run.Net} layout {run.Layout}: {samplesPerSecond:F0} samples/s, {gflops:F1} GFLOP/s = {run.Ratio:F2} × the first matmul");
            }
        }

        // A front trains one source per slot of one thread, every core busy: its rate per core is what a front costs.
        var front = new List<BenchFront>();
        foreach (var net in options.FrontNets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var measured = runs.FirstOrDefault(r => r.Net == net.ToString() && r.Slots == cores && r.ThreadsPerSlot == 1)?.SamplesPerSecond
                ?? TrainingSamplesPerSecond(net, cores, 1, options, cancellationToken);
            front.Add(new BenchFront(net.ToString(), 1, measured / cores));
            log($"front {net}, one net per model, {cores} slots × 1 thread: {measured / cores:F0} samples/s per core");
        }

        var heap = heapArm is null || Arms(heapArm, "heap reuse", log) is not { } h ? null : new BenchHeapReuse(options.ArmNet.ToString(), h.Off, h.On);
        if (heap is not null)
        {
            log($"heap reuse, train {heap.Net} layout 1x1, a fresh process each: {heap.ReuseSamplesPerSecond:F0} samples/s against {heap.DefaultSamplesPerSecond:F0} with glibc's defaults = {heap.Ratio:F2}×");
        }

        // Measured on every processor, the ratio says what the caps cost where they are needed and what they would cost elsewhere.
        var caps = capsArm is null || Arms(capsArm, "kernel caps", log) is not { } c ? null : new BenchKernelCaps(options.ArmNet.ToString(), CappedSamplesPerSecond: c.On, NativeSamplesPerSecond: c.Off);
        if (caps is not null)
        {
            log($"kernel caps, train {caps.Net} layout 1x1, a fresh process each: {caps.NativeSamplesPerSecond:F0} samples/s with every kernel against {caps.CappedSamplesPerSecond:F0} capped = {caps.Ratio:F2}×");
        }

        var vae = OnSlots(1, cores, _ => VaeKernelsPerSecond(options, cancellationToken))[0];
        log($"VAE 5×5 training, {cores} threads: {vae:F0} kernels/s");

        // Whether a lone VAE fit should hold every slot (resources.slots.conv2) is this ratio.
        double? vaeOneThread = cores > 1 ? OnSlots(1, 1, _ => VaeKernelsPerSecond(options, cancellationToken))[0] : null;
        if (vaeOneThread is { } one)
        {
            log($"VAE 5×5 training, 1 thread: {one:F0} kernels/s; {cores} threads give {vae / one:F2}×");
        }

        // The machine may be shared: the reference is the better of a matmul before and one after the runs.
        var matmulAfter = OnSlots(1, cores, _ => MatmulGflops(options, cancellationToken))[0];
        var matmul = Math.Max(matmulBefore, matmulAfter);
        log($"matmul again: {matmulAfter:F1} GFLOP/s; ratios use {matmul:F1}");
        return new BenchReport(matmul, runs.Select(r => r with { Ratio = r.Gflops / matmul }).ToArray(), vae, cores, perThread, torch.__version__, heap, front, vaeOneThread, caps);
    }

    /// <summary>One arm of the heap or kernel-caps row, in the process that <see cref="Run"/> starts for it: <see cref="BenchOptions.ArmNet"/> on one slot thread.</summary>
    public static double ArmSamplesPerSecond(BenchOptions options, CancellationToken cancellationToken = default) =>
        TrainingSamplesPerSecond(options.ArmNet, 1, 1, options, cancellationToken);

    /// <summary>A row's two arms, off (false) then on (true), each in a fresh process; null, and said, when one cannot be measured.</summary>
    private static (double Off, double On)? Arms(Func<bool, double> arm, string row, Action<string> log)
    {
        try
        {
            var off = arm(false);
            return (off, arm(true));
        }
        catch (BenchArmException ex)
        {
            log($"{row}: not measured ({ex.Message})");
            return null;
        }
    }

    // Thread A sets 1, then thread B sets `cores`; per-thread semantics leave A at 1.
    private static bool ProbeThreadCountIsPerThread(int cores)
    {
        if (cores < 2)
        {
            return true;
        }

        var aSet = new ManualResetEventSlim();
        var bSet = new ManualResetEventSlim();
        var seen = 0;
        var a = new Thread(() =>
        {
            TorchThreads.ConfigureCurrentThread(1);
            aSet.Set();
            bSet.Wait();
            seen = TorchThreads.Current;
        });
        var b = new Thread(() =>
        {
            aSet.Wait();
            TorchThreads.ConfigureCurrentThread(cores);
            bSet.Set();
        });
        a.Start();
        b.Start();
        a.Join();
        b.Join();
        return seen == 1;
    }

    private static double MatmulGflops(BenchOptions options, CancellationToken cancellationToken)
    {
        var n = options.MatmulSize;
        using var generator = new Generator(1);
        using var a = randn([n, n], generator: generator);
        using var b = randn([n, n], generator: generator);
        using var c = empty([n, n]);
        torch.matmul(a, b).Dispose();
        var clock = Stopwatch.StartNew();
        var iterations = 0;
        while (iterations < MinimumSteps || clock.Elapsed < options.Duration)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var product = torch.matmul(a, b);
            iterations++;
        }

        return 2.0 * n * n * n * iterations / clock.Elapsed.TotalSeconds / 1e9;
    }

    private static double TrainingSamplesPerSecond(FConvWidths net, int slots, int threads, BenchOptions options, CancellationToken cancellationToken)
    {
        using var start = new Barrier(slots);
        var counts = OnSlots(slots, threads, slot =>
        {
            using var generator = new Generator((ulong)(slot + 1));
            using var model = new FConvMnist(net, generator);
            using var optimizer = new ScheduledAdam(model.parameters(), 1e-3, decaySteps: null);
            using var images = rand([options.BatchSize, 1, 28, 28], generator: generator);
            using var labels = randint(FConvMnist.Classes, [options.BatchSize], generator: generator);
            void Step()
            {
                using var scope = NewDisposeScope();
                optimizer.ZeroGrad();
                var loss = nn.functional.cross_entropy(model.call(images), labels);
                loss.backward();
                optimizer.Step(0);
            }

            for (var i = 0; i < WarmupSteps; i++)
            {
                Step();
            }

            start.SignalAndWait(cancellationToken);
            var clock = Stopwatch.StartNew();
            var steps = 0;
            while (steps < MinimumSteps || clock.Elapsed < options.Duration)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Step();
                steps++;
            }

            return (Samples: (long)steps * options.BatchSize, clock.Elapsed.TotalSeconds);
        });

        // Slots run concurrently from the barrier; the rate is all samples over the longest slot's time.
        return counts.Sum(c => c.Samples) / counts.Max(c => c.TotalSeconds);
    }

    private static double VaeKernelsPerSecond(BenchOptions options, CancellationToken cancellationToken)
    {
        var random = new Random(1);
        var values = new float[8192 * 25];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() - 0.5) * 0.2f;
        }

        var kernels = new KernelSet(5, values);
        using var vae = KernelVae.Create(5, seed: 1);
        var vaeOptions = new KernelVaeOptions { Epochs = 1 };
        vae.Fit(kernels.Select(Enumerable.Range(0, 256).ToArray()), vaeOptions, cancellationToken: cancellationToken);
        var report = vae.Fit(kernels, vaeOptions, cancellationToken: cancellationToken);
        return report[0].KernelsPerSecond;
    }

    /// <summary>
    /// Runs <paramref name="work"/> once on each of <paramref name="slots"/> threads at the same time, each with
    /// <paramref name="threads"/> torch threads, and returns their results in slot order; the first failure is rethrown.
    /// Every slot must run at once (they meet at a barrier), so this starts them all rather than schedule them.
    /// </summary>
    private static T[] OnSlots<T>(int slots, int threads, Func<int, T> work)
    {
        var results = new T[slots];
        var failures = new Exception?[slots];
        var workers = Enumerable.Range(0, slots).Select(slot => new Thread(() =>
        {
            try
            {
                TorchThreads.ConfigureCurrentThread(threads);
                results[slot] = work(slot);
            }
            catch (Exception ex)
            {
                failures[slot] = ex;
            }
        })
        { IsBackground = true, Name = $"dwp-bench-{slot}" }).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        if (failures.FirstOrDefault(f => f is not null) is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        return results;
    }
}
