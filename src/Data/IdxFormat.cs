using DwpFarm.Dwp.Images;
namespace DwpFarm.Data;

/// <summary>Constants of the IDX format (LeCun's MNIST files): big-endian header, then raw bytes.</summary>
internal static class IdxFormat
{
    /// <summary>Unsigned bytes, three dimensions (count, rows, columns).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Unsigned bytes, one dimension (count).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>The largest count whose pixels still fit one array.</summary>
    public const int MaxImages = int.MaxValue / ImageSet.Pixels;
}
