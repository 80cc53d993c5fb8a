using System.Runtime.InteropServices;

namespace DwpFarm.Grains.Execution;

/// <summary>
/// Lowers the scheduling priority of the calling thread on Linux. Slot threads train flat out;
/// at a higher nice value they yield the core to the silo's own threads (grain calls, queue
/// claims, result reports) the moment those have work, so a free slot gets its next unit sooner.
/// </summary>
internal static partial class ThreadNice
{
    private const int PrioProcess = 0;
    private const long SysGettid = 186; // x86-64; other architectures skip the call below.

    /// <summary>Sets the calling thread's nice value; returns false where that is not possible.</summary>
    public static bool TrySet(int nice)
    {
        if (nice == 0 || !OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return false;
        }

        // On Linux PRIO_PROCESS with a thread id applies to that thread alone.
        var tid = (int)Syscall(SysGettid);
        return SetPriority(PrioProcess, tid, nice) == 0;
    }

    [LibraryImport("libc", EntryPoint = "syscall")]
    private static partial long Syscall(long number);

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int prio);
}
