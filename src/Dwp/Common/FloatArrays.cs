namespace DwpFarm.Dwp.Common;

/// <summary>Compact little-endian float32 arrays inside <see cref="SealedBytes"/> payloads.</summary>
public static class FloatArrays
{
    public static void Write(BinaryWriter writer, ReadOnlySpan<float> values)
    {
        writer.Write(values.Length);
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
    }

    public static float[] Read(BinaryReader reader, int maxLength = int.MaxValue)
    {
        var length = reader.ReadInt32();
        if (length < 0 || length > maxLength || (long)length * sizeof(float) > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new InvalidDataException($"bad float array length {length}");
        }

        var values = new float[length];
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan());
        reader.BaseStream.ReadExactly(bytes);
        return values;
    }
}
