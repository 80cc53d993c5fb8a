using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DwpFarm.Dwp;

namespace DwpFarm.Data.PyTorch;

/// <summary>A NumPy <c>.npy</c> file of little-endian float32 in C order (format 1.0–3.0): the authors' kernel banks.</summary>
public static partial class NpyArray
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    // The whole path names it: the authors' layout has two files of each name.
    public static NamedTensor Read(string path) => Parse(FileBytes.Read(path), path);

    public static NamedTensor Parse(byte[] bytes, string name)
    {
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic))
        {
            throw new DwpException($"{name}: not a NumPy .npy file");
        }

        // Versions 2 and 3 have a 4-byte header length: check the file holds it, and compare as long so a huge one cannot wrap.
        var major = bytes[6];
        var headerStart = major == 1 ? 10 : 12;
        long headerLength = bytes.Length < headerStart ? long.MaxValue : major == 1 ? BitConverter.ToUInt16(bytes, 8) : BitConverter.ToUInt32(bytes, 8);
        if (major is < 1 or > 3 || headerLength > bytes.Length - headerStart)
        {
            throw new DwpException($"{name}: unsupported or truncated .npy header (format {major})");
        }

        var header = Encoding.Latin1.GetString(bytes, headerStart, (int)headerLength);
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

        // NumberStyles.None: a negative size would otherwise reach the array allocation.
        var sizes = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var shape = new long[sizes.Length];
        for (var i = 0; i < sizes.Length; i++)
        {
            if (!long.TryParse(sizes[i], NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
            {
                throw new DwpException($"{name}: shape entry '{sizes[i]}' is not a size");
            }
        }

        var count = Sizes.Product(shape, name);
        var dataStart = headerStart + (int)headerLength;
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
