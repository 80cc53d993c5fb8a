namespace DwpFarm.Dwp.Common;

/// <summary>Length-prefixed byte blocks inside a payload, produced by a writer callback.</summary>
public static class NestedBytes
{
    public static void Write(BinaryWriter writer, Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var inner = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            write(inner);
        }

        writer.Write((int)stream.Length);
        writer.Write(stream.GetBuffer(), 0, (int)stream.Length);
    }

    public static byte[] Read(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new InvalidDataException($"bad block length {length}");
        }

        return reader.ReadBytes(length);
    }

    /// <summary>Runs <paramref name="read"/> over a block and insists that it reads all of it.</summary>
    public static void ReadAll(byte[] block, Action<BinaryReader> read)
    {
        using var stream = new MemoryStream(block, writable: false);
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8);
        read(reader);
        if (stream.Position != stream.Length)
        {
            throw new InvalidDataException($"{stream.Length - stream.Position} unread bytes in a block");
        }
    }
}
