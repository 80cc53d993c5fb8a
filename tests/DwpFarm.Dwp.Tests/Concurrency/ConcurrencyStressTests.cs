using System.Collections.Concurrent;
using DwpFarm.Dwp.Torch;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Tests.Concurrency;

/// <summary>
/// Slots share one process. Each of several threads runs the same seeded pipeline round after round while
/// other threads churn tensors, touch the process-wide generator, set their own torch thread counts, start
/// fresh threads and force collections; every round must reproduce the single-threaded run bit for bit.
/// </summary>
public sealed class ConcurrencyStressTests
{
    private const int Workers = 4;
    private const int Rounds = 20;
    private const int ChurnThreads = 2;

    [Fact]
    public void Every_thread_reproduces_the_single_threaded_pipeline_bit_for_bit_while_others_churn_tensors()
    {
        var reference = OnOwnThread(StressPipeline.Run);

        // One front that every worker also uses at once, frozen VAEs and all, as the lab's slots share theirs.
        using var shared = OnOwnThread(() => StressPipeline.BuildFront(new StressPipeline.Fingerprint()));
        var sharedReference = OnOwnThread(() => StressPipeline.Use(shared));

        var mismatches = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var noise = Enumerable.Range(0, ChurnThreads).Select(i => StartThread($"noise-{i}", () => Churn(i, mismatches, stop.Token))).ToList();
        var workers = Enumerable.Range(0, Workers).Select(w => StartThread($"worker-{w}", () =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                try
                {
                    // As a slot does per unit.
                    TorchThreads.ConfigureCurrentThread(1);
                    var print = StressPipeline.Run();
                    if (print != reference)
                    {
                        mismatches.Add($"worker {w} round {round}: {FirstDifference(reference, print)}");
                    }

                    var sharedPrint = StressPipeline.Use(shared);
                    if (sharedPrint != sharedReference)
                    {
                        mismatches.Add($"worker {w} round {round}, shared front: {FirstDifference(sharedReference, sharedPrint)}");
                    }
                }
                catch (Exception ex)
                {
                    mismatches.Add($"worker {w} round {round}: {ex.GetType().Name}: {ex.Message}");
                }
            }
        })).ToList();

        workers.ForEach(t => t.Join());
        stop.Cancel();
        noise.ForEach(t => t.Join());

        Assert.True(mismatches.IsEmpty, $"{mismatches.Count} failures in {Workers * Rounds} rounds (a round must reproduce the single-threaded run bit for bit):\n{string.Join("\n", mismatches.Take(10))}");
    }

    private static T OnOwnThread<T>(Func<T> work)
    {
        T result = default!;
        Exception? failure = null;
        var thread = StartThread("reference", () =>
        {
            try
            {
                TorchThreads.ConfigureCurrentThread(1);
                result = work();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        thread.Join();
        return failure is null ? result : throw new InvalidOperationException("the single-threaded run failed", failure);
    }

    private static Thread StartThread(string name, Action body)
    {
        var thread = new Thread(() => body()) { IsBackground = true, Name = name };
        thread.Start();
        return thread;
    }

    // Allocation churn of the kinds a silo has beside its slots: scoped tensor work on the process-wide generator,
    // tensors left to the finalizer, other torch thread counts, fresh threads (whose first torch call initialises
    // libtorch's per-thread state) and forced collections, which run the finalizers.
    private static void Churn(int index, ConcurrentBag<string> failures, CancellationToken stop)
    {
        var i = 0;
        while (!stop.IsCancellationRequested)
        {
            i++;
            try
            {
                TorchThreads.ConfigureCurrentThread(1 + (i % 2));
                using (NewDisposeScope())
                {
                    var a = randn(64, 1, 28, 28);
                    var w = randn(16, 1, 7, 7);
                    _ = nn.functional.conv2d(a, w).relu().sum(1).mean().item<float>();
                    _ = randn(128, 128).matmul(rand(128, 128)).Plus(1).sum().item<float>();
                }

                _ = randn(1000);
                if (i % 10 == index)
                {
                    var fresh = StartThread("fresh", () =>
                    {
                        using var t = ones(256, 256);
                        using var product = t.matmul(t);
                    });
                    fresh.Join();
                    GC.Collect();
                }
            }
            catch (Exception ex)
            {
                failures.Add($"churn thread {index}: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split(';');
        var a = actual.Split(';');
        for (var k = 0; k < Math.Min(e.Length, a.Length); k++)
        {
            if (e[k] != a[k])
            {
                return $"expected {e[k]}, got {a[k]}";
            }
        }

        return $"{e.Length} against {a.Length} entries";
    }
}
