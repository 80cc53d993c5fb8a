using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Torch;

/// <summary>
/// The device a unit trains on, named as a slot names it: <c>cpu</c>, <c>cuda:1</c>.
/// </summary>
public static class TorchDevices
{
    /// <summary>
    /// The device named <paramref name="name"/>: <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or <c>meta</c> (shapes only, for tests).
    /// A CUDA device that libtorch cannot use is a <see cref="DwpException"/>, never the CPU.
    /// </summary>
    public static Device Parse(string name)
    {
        var (type, index) = Split(name);
        if (type == DeviceType.CUDA && !torch.cuda.is_available())
        {
            throw new DwpException($"device '{name}': libtorch has no CUDA device here (a CPU build, or no GPU visible)");
        }

        return torch.device(type, type == DeviceType.CUDA ? Math.Max(0, index) : -1);
    }

    /// <summary>Whether <paramref name="name"/> names a CUDA device.</summary>
    public static bool IsCuda(string name) => Split(name).Type == DeviceType.CUDA;

    /// <summary>The CUDA ordinal of <paramref name="name"/> (<c>cuda</c> is 0).</summary>
    public static int CudaIndex(string name) => Math.Max(0, Split(name).Index);

    private static (DeviceType Type, int Index) Split(string name)
    {
        var parts = name.Trim().ToLowerInvariant().Split(':');
        var type = parts[0] switch
        {
            "cpu" => DeviceType.CPU,
            "cuda" => DeviceType.CUDA,
            "meta" => DeviceType.META,
            _ => throw new DwpException($"device '{name}' is not cpu, cuda, cuda:N or meta"),
        };
        if (parts.Length == 1)
        {
            return (type, -1);
        }

        return parts.Length == 2 && type == DeviceType.CUDA && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? (type, index)
            : throw new DwpException($"device '{name}' is not cpu, cuda, cuda:N or meta");
    }
}
