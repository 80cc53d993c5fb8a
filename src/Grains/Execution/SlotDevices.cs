using TorchSharp;

namespace DwpFarm.Grains.Execution;

/// <summary>
/// Whether this process can give its slots the device they are configured for. A silo asked for <c>cuda</c> that
/// cannot have it refuses to start (<see cref="SlotDeviceException"/>); it never trains on the CPU instead.
/// </summary>
public static class SlotDevices
{
    /// <summary>libtorch's CUDA kernels; only the TorchSharp-cuda packages ship them.</summary>
    private const string CudaLibrary = "libtorch_cuda.so";

    /// <summary>Throws <see cref="SlotDeviceException"/>, one line naming the setting and the remedy, when <paramref name="options"/> ask for CUDA and it is not there.</summary>
    public static void Require(SlotOptions options)
    {
        if (options.Device == "cuda" && CudaUnavailable() is { } reason)
        {
            throw new SlotDeviceException($"{SlotOptions.SectionName}:{nameof(SlotOptions.Device)}=cuda, but {reason}; a silo never falls back to the CPU (set {SlotOptions.SectionName}:{nameof(SlotOptions.Device)}=cpu to train there)");
        }
    }

    /// <summary>GPUs libtorch can use here (0 without CUDA).</summary>
    public static int CudaDevices() => CudaUnavailable() is null ? (int)torch.cuda.device_count() : 0;

    /// <summary>Why this process cannot train on CUDA, as one phrase; null when it can.</summary>
    public static string? CudaUnavailable()
    {
        if (!CudaBuild())
        {
            return "this build links the CPU libtorch (TorchSharp-cpu): use the image built with TORCH_BACKEND=cuda (dotnet -p:TorchBackend=cuda)";
        }

        return torch.cuda.is_available()
            ? null
            : "libtorch sees no CUDA device: check the node's NVIDIA driver, the pod's nvidia.com/gpu limit and NVIDIA_VISIBLE_DEVICES";
    }

    /// <summary>Whether the CUDA libtorch sits beside the program: published flat, or under runtimes/ in a build folder.</summary>
    private static bool CudaBuild()
    {
        var root = AppContext.BaseDirectory;
        var runtimes = Path.Combine(root, "runtimes");
        return File.Exists(Path.Combine(root, CudaLibrary))
               || (Directory.Exists(runtimes) && Directory.EnumerateFiles(runtimes, CudaLibrary, SearchOption.AllDirectories).Any());
    }
}

/// <summary>The slots' device cannot be had here: the silo exits with this message.</summary>
public sealed class SlotDeviceException(string message) : Exception(message);
