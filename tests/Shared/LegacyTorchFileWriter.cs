using System.Text;
using DwpFarm.Dwp.Vae;

namespace DwpFarm.TestSupport;

/// <summary>
/// Writes a float32 state dict in PyTorch's legacy torch.save layout, opcode by opcode, as the authors' files are:
/// so the importer is tested on a file we made ourselves, never on theirs.
/// </summary>
internal static class LegacyTorchFileWriter
{
    /// <summary>Our VAEs saved as the authors publish theirs: <c>vae7x7/vae_params.torch</c> and <c>vae5x5/vae_params.torch</c> under <paramref name="folder"/>.</summary>
    public static void WriteAuthorsLayout(string folder, params KernelVae[] vaes)
    {
        foreach (var vae in vaes)
        {
            var dir = Directory.CreateDirectory(Path.Combine(folder, $"vae{vae.KernelSize}x{vae.KernelSize}")).FullName;
            File.WriteAllBytes(Path.Combine(dir, "vae_params.torch"), Write(StateDict(vae)));
        }
    }

    /// <summary>A VAE's weights under the authors' names (their models/vae.py; the 5×5 decoder wraps its heads in a Sequential).</summary>
    public static List<(string Name, long[] Shape, float[] Values)> StateDict(KernelVae vae) =>
        [.. vae.NamedParameters.Select(p => (AuthorsName(p.Key), p.Value.shape, DwpFarm.Dwp.Torch.TensorValues.Of(p.Value)))];

    private static string AuthorsName(string ours)
    {
        var parts = ours.Split('.');
        return parts[0] switch
        {
            "encoder" => $"encoder.features.{parts[1]}.{parts[2]}",
            "encoderMean" => $"encoder.fc_mu.{parts[1]}",
            "encoderVariance" => $"encoder.fc_var.{parts[1]}",
            "decoder" => $"decoder.decoder.{parts[1]}.{parts[2]}",
            "decoderMean" => $"decoder.fc_mu.0.{parts[1]}",
            "decoderVariance" => $"decoder.fc_var.0.{parts[1]}",
            _ => throw new ArgumentException(ours),
        };
    }

    /// <summary>
    /// How a written file departs from what torch.save writes, so a test can check the reader refuses it; the defaults
    /// write a good file. The First… members apply to the first tensor and its storage.
    /// </summary>
    public sealed record Defects
    {
        public int Protocol { get; init; } = 1001;

        public bool LittleEndian { get; init; } = true;

        public string FirstStorageType { get; init; } = "FloatStorage";

        /// <summary>The element count written before the first storage's data, in place of its true count.</summary>
        public long? FirstWrittenCount { get; init; }

        /// <summary>Makes the first tensor a view of its storage (legacy torch's storage views): values [Offset, Offset + Size).</summary>
        public (long Offset, long Size)? FirstView { get; init; }

        /// <summary>Leaves the first storage out of the storage list and the data that follows it.</summary>
        public bool OmitFirstStorage { get; init; }
    }

    public static byte[] Write(IReadOnlyList<(string Name, long[] Shape, float[] Values)> tensors, bool transposeFirst = false, Defects? defects = null)
    {
        defects ??= new Defects();
        using var stream = new MemoryStream();
        void Pickle(Action<BinaryWriter> body)
        {
            using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            w.Write((byte)0x80);
            w.Write((byte)2);
            body(w);
            w.Write((byte)'.');
        }

        // Magic number 0x1950a86a20f9469cfc6c as LONG1 (little-endian two's complement), protocol 1001, system info.
        Pickle(w =>
        {
            byte[] magic = [0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];
            w.Write((byte)0x8a);
            w.Write((byte)magic.Length);
            w.Write(magic);
        });
        Pickle(w => Int(w, defects.Protocol));
        Pickle(w =>
        {
            w.Write((byte)'}');
            w.Write((byte)'(');
            Text(w, "little_endian");
            w.Write((byte)(defects.LittleEndian ? 0x88 : 0x89));
            w.Write((byte)'u');
        });
        Pickle(w =>
        {
            Global(w, "collections", "OrderedDict");
            w.Write((byte)')');
            w.Write((byte)'R');
            w.Write((byte)'(');
            for (var i = 0; i < tensors.Count; i++)
            {
                var (name, shape, values) = tensors[i];
                Text(w, name);
                Global(w, "torch._utils", "_rebuild_tensor_v2");
                w.Write((byte)'(');
                w.Write((byte)'(');
                Text(w, "storage");
                Global(w, "torch", i == 0 ? defects.FirstStorageType : "FloatStorage");
                Text(w, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Text(w, "cpu");
                Int(w, values.Length);
                if (i == 0 && defects.FirstView is { } view)
                {
                    w.Write((byte)'(');
                    Text(w, "view");
                    Int(w, view.Offset);
                    Int(w, view.Size);
                    w.Write((byte)'t');
                }
                else
                {
                    w.Write((byte)'N');
                }

                w.Write((byte)'t');
                w.Write((byte)'Q');
                Int(w, 0);

                // The first tensor may be stored transposed (a non-contiguous view), to test strides.
                var strides = Strides(shape);
                var (viewShape, viewStrides) = transposeFirst && i == 0 && shape.Length == 2 ? ([shape[0], shape[1]], new[] { 1L, shape[0] }) : (shape, strides);
                Tuple(w, viewShape);
                Tuple(w, viewStrides);
                w.Write((byte)0x89);
                Global(w, "collections", "OrderedDict");
                w.Write((byte)')');
                w.Write((byte)'R');
                w.Write((byte)'t');
                w.Write((byte)'R');
            }

            w.Write((byte)'u');
        });
        Pickle(w =>
        {
            w.Write((byte)']');
            w.Write((byte)'(');
            for (var i = defects.OmitFirstStorage ? 1 : 0; i < tensors.Count; i++)
            {
                Text(w, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            w.Write((byte)'e');
        });
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            foreach (var (_, shape, values) in tensors.Skip(defects.OmitFirstStorage ? 1 : 0))
            {
                var first = ReferenceEquals(values, tensors[0].Values);
                w.Write(first && defects.FirstWrittenCount is { } count ? count : values.Length);
                var stored = transposeFirst && first && shape.Length == 2 ? Transpose(values, shape) : values;
                foreach (var v in stored)
                {
                    w.Write(v);
                }
            }
        }

        return stream.ToArray();
    }

    private static float[] Transpose(float[] values, long[] shape)
    {
        var (rows, cols) = ((int)shape[0], (int)shape[1]);
        var t = new float[values.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                t[(c * rows) + r] = values[(r * cols) + c];
            }
        }

        return t;
    }

    private static long[] Strides(long[] shape)
    {
        var strides = new long[shape.Length];
        var step = 1L;
        for (var d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = step;
            step *= shape[d];
        }

        return strides;
    }

    private static void Global(BinaryWriter w, string module, string name)
    {
        w.Write((byte)'c');
        w.Write(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
    }

    private static void Text(BinaryWriter w, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        w.Write((byte)'X');
        w.Write(bytes.Length);
        w.Write(bytes);
    }

    private static void Int(BinaryWriter w, long value)
    {
        w.Write((byte)'J');
        w.Write((int)value);
    }

    private static void Tuple(BinaryWriter w, long[] values)
    {
        w.Write((byte)'(');
        foreach (var v in values)
        {
            Int(w, v);
        }

        w.Write((byte)'t');
    }
}
