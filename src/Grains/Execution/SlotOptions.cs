using System.ComponentModel.DataAnnotations;

namespace DwpFarm.Grains.Execution;

/// <summary>How a silo runs training: its slots, their threads and device, and the work-queue lease.</summary>
public sealed class SlotOptions
{
    public const string SectionName = "Slots";

    /// <summary>Number of slots; 0 sizes the pool from the machine (cores ÷ threads per slot, or <see cref="SlotsPerGpu"/> per GPU).</summary>
    [Range(0, 1024)]
    public int Count { get; set; }

    /// <summary>Torch intra-op threads of one slot on CPU.</summary>
    [Range(1, 1024)]
    public int ThreadsPerSlot { get; set; } = 1;

    /// <summary><c>cpu</c> or <c>cuda</c>; with <c>cuda</c> each slot trains on one GPU (<see cref="DeviceOf"/>).</summary>
    [RegularExpression("^(cpu|cuda)$")]
    public string Device { get; set; } = "cpu";

    /// <summary>
    /// Slots sharing one GPU when <see cref="Count"/> is 0. One keeps a GPU to one unit; a small net (the paper's
    /// target, 32×128) leaves most of a big GPU idle, so two to four slots per GPU fill it.
    /// </summary>
    [Range(1, 64)]
    public int SlotsPerGpu { get; set; } = 1;

    /// <summary>A unit whose silo stops renewing its lease is handed out again after this long.</summary>
    [Range(2, 3600)]
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>How often an idle slot polls the queue.</summary>
    [Range(10, 60_000)]
    public int PollMilliseconds { get; set; } = 250;

    /// <summary>
    /// Linux nice value of the slot threads (0: unchanged). Above the silo's own threads, so
    /// scheduling work never queues behind training on a busy core.
    /// </summary>
    [Range(0, 19)]
    public int Nice { get; set; } = 5;

    /// <summary>Attempts after which a unit that keeps dying is failed rather than retried.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The slot count this machine gets: <see cref="Count"/>, or derived from cores or GPUs.</summary>
    public int ResolveCount(int cores, int gpus) => Count > 0
        ? Count
        : IsCuda ? Math.Max(1, gpus) * SlotsPerGpu : Math.Max(1, cores / ThreadsPerSlot);

    /// <summary>
    /// The device slot <paramref name="slot"/> trains on: <c>cpu</c>, or <c>cuda:N</c> with the slots dealt round the
    /// <paramref name="gpus"/> GPUs (slot i on GPU i mod gpus), so every GPU gets as many slots as the count allows.
    /// </summary>
    public string DeviceOf(int slot, int gpus) => IsCuda ? $"cuda:{slot % Math.Max(1, gpus)}" : "cpu";

    private bool IsCuda => Device == "cuda";
}
