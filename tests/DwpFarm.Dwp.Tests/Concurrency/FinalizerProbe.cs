using System.Diagnostics.Tracing;
using TorchSharp;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Tests.Concurrency;

/// <summary>
/// Counts TorchSharp Scalars and Tensors that reach the finalizer, from the runtime's FinalizeObject events. Such an
/// object was never disposed nor held by a dispose scope, and its finalizer may free native memory that a libtorch
/// call on another thread is still reading. The events name types by an id, so the probe learns the two ids by
/// dropping one object of each kind first.
/// </summary>
internal sealed class FinalizerProbe : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly Dictionary<ulong, int> _byType = [];
    private readonly object _gate = new();
    private int _events;

    private FinalizerProbe()
    {
    }

    private ulong ScalarType { get; set; }

    private ulong TensorType { get; set; }

    public static FinalizerProbe Start()
    {
        var probe = new FinalizerProbe();
        probe.ScalarType = probe.Learn(() => DropScalar());
        probe.TensorType = probe.Learn(() => DropTensor());
        return probe;
    }

    /// <summary>Scalars and Tensors finalized while <paramref name="work"/> ran or right after.</summary>
    public (int Scalars, int Tensors) Count(Action work)
    {
        Settle();
        Reset();
        work();
        Settle();
        lock (_gate)
        {
            return (_byType.GetValueOrDefault(ScalarType), _byType.GetValueOrDefault(TensorType));
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {

        if (eventData.EventName == "FinalizeObject" && eventData.Payload is { Count: > 0 } payload)
        {
            // The type id comes as an IntPtr or a ulong, depending on how the listener is reached.
            var type = payload[0] switch
            {
                IntPtr pointer => (ulong)pointer,
                var other => Convert.ToUInt64(other, System.Globalization.CultureInfo.InvariantCulture),
            };
            lock (_gate)
            {
                _byType[type] = _byType.GetValueOrDefault(type) + 1;
                _events++;
            }
        }
    }

    // Finalizes everything unreachable, then waits until the events have stopped arriving: the runtime hands them to
    // listeners from its own dispatch thread, up to a second or so later.
    private void Settle()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        var seen = -1;
        for (var quiet = 0; quiet < 3;)
        {
            Thread.Sleep(400);
            int now;
            lock (_gate)
            {
                now = _events;
            }

            quiet = now == seen ? quiet + 1 : 0;
            seen = now;
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void DropScalar()
    {
        for (var i = 0; i < 50; i++)
        {
            _ = 1.0.ToScalar();
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void DropTensor()
    {
        for (var i = 0; i < 50; i++)
        {
            _ = zeros(1);
        }
    }

    private void Reset()
    {
        lock (_gate)
        {
            _byType.Clear();
        }
    }

    // The type id that turns up at least 50 times when 50 objects of one kind are dropped.
    private ulong Learn(Action drop)
    {
        Settle();
        Reset();
        drop();
        Settle();
        lock (_gate)
        {
            var (type, count) = _byType.Count > 0 ? _byType.MaxBy(kv => kv.Value) : default;
            return count >= 50 ? type : throw new InvalidOperationException("the runtime's FinalizeObject events did not arrive");
        }
    }
}
