using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DwpFarm.Dwp;

namespace DwpFarm.Data.PyTorch;

/// <summary>A NumPy <c>.npy</c> file of little-endian float32 in C order (format 1.0–3.0): the authors' kernel banks.</summary>
public static partial class NpyArray
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static NamedTensor Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DwpException($"{path}: cannot read ({ex.Message})");
        }

        return Parse(bytes, Path.GetFileName(path));
    }

    public static NamedTensor Parse(byte[] bytes, string name)
    {
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic))
        {
            throw new DwpException($"{name}: not a NumPy .npy file");
        }

        var major = bytes[6];
        var headerLength = major == 1 ? BitConverter.ToUInt16(bytes, 8) : (int)BitConverter.ToUInt32(bytes, 8);
        var headerStart = major == 1 ? 10 : 12;
        if (major is < 1 or > 3 || headerStart + headerLength > bytes.Length)
        {
            throw new DwpException($"{name}: unsupported or truncated .npy header (format {major})");
        }

        var header = Encoding.Latin1.GetString(bytes, headerStart, headerLength);
        var descr = Field().Match(header) is { Success: true } d ? d.Groups[1].Value : null;
        if (descr is not ("<f4" or "=f4"))
        {
            throw new DwpException($"{name}: holds '{descr}', not little-endian float32 ('<f4')");
        }

        if (FortranOrder().Match(header) is { Success: true } f && f.Groups[1].Value == "True")
        {
            throw new DwpException($"{name}: is in Fortran order; save it in C order");
        }

        var shapeMatch = Shape().Match(header);
        if (!shapeMatch.Success)
        {
            throw new DwpException($"{name}: the header has no shape");
        }

        long[] shape = [.. shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, CultureInfo.InvariantCulture))];
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var dataStart = headerStart + headerLength;
        if (bytes.Length - dataStart < count * 4)
        {
            throw new DwpException($"{name}: truncated: the header says {count} values, the file holds {(bytes.Length - dataStart) / 4}");
        }

        var values = new float[count];
        Buffer.BlockCopy(bytes, dataStart, values, 0, (int)(count * 4));
        return new NamedTensor(name, shape, values);
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex Field();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranOrder();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex Shape();
}
