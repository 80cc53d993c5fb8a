using Orleans.Serialization;

namespace DwpFarm.Farm.Tests;

/// <summary>Serializes every outgoing grain call's arguments and remembers the largest, to hold messages under 1 MiB.</summary>
public sealed class MessageSizeFilter : IOutgoingGrainCallFilter
{
    private long _largest;
    private string _largestMethod = string.Empty;

    public long Largest => Interlocked.Read(ref _largest);

    public string LargestMethod => _largestMethod;

    public Serializer? Serializer { get; set; }

    // Cancellation tokens travel as a call-context signal, not as serialized payload.
    private long SizeOf(object? value) => value is null or CancellationToken || Serializer is null ? 0 : Serializer.SerializeToArray(value).Length;

    private void Track(long size, string? method)
    {
        if (size > Largest)
        {
            Interlocked.Exchange(ref _largest, size);
            _largestMethod = method ?? "?";
        }
    }

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        long size = 0;
        for (var i = 0; i < context.Request.GetArgumentCount(); i++)
        {
            size += SizeOf(context.Request.GetArgument(i));
        }

        Track(size, context.InterfaceMethod?.Name);
        await context.Invoke();
        Track(SizeOf(context.Result), context.InterfaceMethod?.Name + " (response)");
    }
}
