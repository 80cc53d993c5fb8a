using System.Globalization;
using System.Runtime.InteropServices;
using DwpFarm.Dwp.Torch;

namespace DwpFarm.Grains.Execution;

/// <summary>
/// What a slot's device is and how much memory it has, for the silo's startup log: a GPU's name and total memory
/// from the CUDA driver (libcuda.so.1, which the NVIDIA container runtime mounts), or the host's memory for the CPU.
/// </summary>
internal static partial class DeviceMemory
{
    private const string Driver = "libcuda.so.1";

    public static string Describe(string device)
    {
        if (!TorchDevices.IsCuda(device))
        {
            return $"CPU, no GPU memory: host memory {Gib(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)} shared by all CPU slots";
        }

        try
        {
            if (CuInit(0) == 0 && CuDeviceGet(out var handle, TorchDevices.CudaIndex(device)) == 0 && CuDeviceTotalMem(out var total, handle) == 0)
            {
                var name = new byte[256];
                var label = CuDeviceGetName(name, name.Length, handle) == 0 ? System.Text.Encoding.ASCII.GetString(name).TrimEnd('\0') : "GPU";
                return $"{label}, {Gib(total)} GPU memory";
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
        }

        return $"GPU memory unknown ({Driver} did not answer)";
    }

    private static string Gib(double bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 30):F1} GiB");

    [LibraryImport(Driver, EntryPoint = "cuInit")]
    private static partial int CuInit(uint flags);

    [LibraryImport(Driver, EntryPoint = "cuDeviceGet")]
    private static partial int CuDeviceGet(out int device, int ordinal);

    [LibraryImport(Driver, EntryPoint = "cuDeviceGetName")]
    private static partial int CuDeviceGetName([Out] byte[] name, int length, int device);

    [LibraryImport(Driver, EntryPoint = "cuDeviceTotalMem_v2")]
    private static partial int CuDeviceTotalMem(out nuint bytes, int device);
}
