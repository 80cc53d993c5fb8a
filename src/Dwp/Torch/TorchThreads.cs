using TorchSharp;

namespace DwpFarm.Dwp.Torch;

/// <summary>
/// Per-thread control of libtorch's intra-op parallelism. Measured with TorchSharp 0.107 / libtorch 2.10 (OpenMP):
/// <list type="bullet">
/// <item><c>torch.set_num_threads(n)</c> sets the OpenMP team size of the calling thread only, and also stores
/// n as a process-wide default.</item>
/// <item>Every thread lazily initialises its own setting from that process-wide default on its first torch call,
/// which overwrites a per-thread value set before that first call, so a slot that sets 1 and then watches
/// another slot set 2 ends up with 2.</item>
/// <item>Once a thread has made a torch call, its own later <c>set_num_threads</c> sticks, whatever other
/// threads set afterwards.</item>
/// </list>
/// So a slot thread first touches torch, then sets its own count. Never set it once for the process.
/// </summary>
public static class TorchThreads
{
    /// <summary>Gives the calling thread <paramref name="threads"/> intra-op threads, robustly (see the type remarks).</summary>
    public static void ConfigureCurrentThread(int threads)
    {
        if (threads < 1)
        {
            throw new DwpException($"torch threads must be at least 1, got {threads}");
        }

        // Forces libtorch's lazy per-thread initialisation now, so it cannot override the value set next.
        _ = torch.get_num_threads();
        torch.set_num_threads(threads);
    }

    /// <summary>The calling thread's current intra-op thread count.</summary>
    public static int Current => torch.get_num_threads();
}
