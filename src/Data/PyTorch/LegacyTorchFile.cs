using System.Collections;
using System.Globalization;
using System.Numerics;
using DwpFarm.Dwp;
using Razorvine.Pickle;
using Razorvine.Pickle.Objects;

namespace DwpFarm.Data.PyTorch;

/// <summary>
/// A state dict written by <c>torch.save</c> in PyTorch's legacy (pre-1.6, non-zip) format, as the authors published
/// their VAEs: five pickles in a row (magic number, protocol version, system info, the state dict whose tensors
/// point at storages by key, the list of storage keys), then each storage as an element count and raw
/// little-endian values. Only float32 tensors are read; every way a file departs from this is a <see cref="DwpException"/>
/// naming the file and, where there is one, the tensor or storage.
/// </summary>
public static class LegacyTorchFile
{
    private static readonly BigInteger MagicNumber = BigInteger.Parse("01950a86a20f9469cfc6c", NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    private const int ProtocolVersion = 1001;

    static LegacyTorchFile()
    {
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", new TensorReferenceConstructor());
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor", new TensorReferenceConstructor());
        Unpickler.registerConstructor("collections", "OrderedDict", new StateDictConstructor());
    }

    // Read from memory, so that an IOException while parsing can only mean the file ended early. The whole path
    // names it: the authors' layout has a vae_params.torch in each VAE folder.
    public static IReadOnlyList<NamedTensor> Read(string path) => Read(new MemoryStream(FileBytes.Read(path)), path);

    public static IReadOnlyList<NamedTensor> Read(Stream stream, string name)
    {
        if (IsZip(stream))
        {
            throw new DwpException($"{name}: a PyTorch file in the zip format, not the legacy one (re-save it with _use_new_zipfile_serialization=False)");
        }

        try
        {
            using var unpickler = new StorageUnpickler();
            if (unpickler.load(stream) is not BigInteger magic || magic != MagicNumber)
            {
                throw new DwpException($"{name}: not a legacy PyTorch file (it does not start with torch.save's magic number)");
            }

            // torch's own loader refuses any other version: what follows it is not this layout.
            var protocol = unpickler.load(stream);
            if (protocol is not ProtocolVersion)
            {
                throw new DwpException($"{name}: torch.save protocol version {protocol ?? "None"}, only {ProtocolVersion} is read");
            }

            // The storages are in the saving machine's byte order; torch ignores this flag and would byte-swap a big-endian file's numbers silently.
            if (unpickler.load(stream) is not IDictionary system || system["little_endian"] is not true)
            {
                throw new DwpException($"{name}: not saved on a little-endian machine (its system info lacks little_endian=True); only little-endian files are read");
            }

            var stateDict = unpickler.load(stream) as IDictionary ?? throw new DwpException($"{name}: holds no state dict");
            var keys = (unpickler.load(stream) as IEnumerable ?? throw new DwpException($"{name}: has no storage list")).Cast<object>().Select(k => (string)k).ToList();
            var tensors = stateDict.Keys.Cast<object>().Select(k => (string)k).Order(StringComparer.Ordinal)
                .Where(k => stateDict[k] is TensorReference).Select(k => (Name: k, Tensor: (TensorReference)stateDict[k]!)).ToList();

            // Before any data is read: a storage of another type need not be sized then (a guessed size would misplace every storage after it).
            if (tensors.FirstOrDefault(t => t.Tensor.Storage.Type != "FloatStorage") is { Tensor: not null } other)
            {
                throw new DwpException($"{name}: tensor {other.Name} is {other.Tensor.Storage.Type}, not float32");
            }

            var storages = new Dictionary<string, float[]>(StringComparer.Ordinal);
            using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            foreach (var key in keys)
            {
                var storage = unpickler.Storages.GetValueOrDefault(key) ?? throw new DwpException($"{name}: the storage list names {key}, which no tensor uses");
                var count = reader.ReadInt64();

                // torch refuses this too: the count read is where the next storage starts, so a wrong one misplaces them all.
                if (count < 0 || count != storage.Count)
                {
                    throw new DwpException($"{name}: storage {key} holds {count} values, the state dict says {storage.Count}");
                }

                var bytes = reader.ReadBytes(checked((int)(count * storage.ElementSize)));
                if (bytes.Length != count * storage.ElementSize)
                {
                    throw new DwpException($"{name}: truncated in storage {key}");
                }

                if (storage.Type != "FloatStorage")
                {
                    continue;
                }

                var values = new float[count];
                Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
                storages[key] = values;
            }

            return [.. tensors.Select(t => t.Tensor.Resolve(t.Name, storages, name))];
        }
        catch (IOException ex)
        {
            // Razorvine and BinaryReader both report the end of the input this way.
            throw new DwpException($"{name}: truncated ({ex.Message})");
        }
        catch (Exception ex) when (ex is PickleException or InvalidCastException or OverflowException or IndexOutOfRangeException)
        {
            throw new DwpException($"{name}: not a readable PyTorch state dict ({ex.Message})");
        }
    }

    /// <summary>Whether the stream starts as a zip archive, the format torch.save has written since 1.6; the stream is left where it was.</summary>
    private static bool IsZip(Stream stream)
    {
        if (!stream.CanSeek)
        {
            return false;
        }

        var start = stream.Position;
        Span<byte> head = stackalloc byte[4];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = start;
        return read == head.Length && head.SequenceEqual("PK\u0003\u0004"u8);
    }

    /// <summary>A tensor as the pickle describes it: a view (offset, shape, strides) of a storage read later.</summary>
    private sealed record TensorReference(StorageReference Storage, long Offset, long[] Shape, long[] Stride)
    {
        public NamedTensor Resolve(string name, Dictionary<string, float[]> storages, string file)
        {
            if (!storages.TryGetValue(Storage.Key, out var whole))
            {
                throw new DwpException($"{file}: the data of tensor {name} (storage {Storage.Key}) is not in the file");
            }

            var (start, length) = (Storage.ViewOffset, Storage.ViewLength ?? whole.Length);
            if (start < 0 || length < 0 || length > whole.Length - start)
            {
                throw new DwpException($"{file}: tensor {name} views values {start}..{start + length} of storage {Storage.Key}, which has {whole.Length}");
            }

            var storage = whole.AsSpan((int)start, (int)length);
            var count = Sizes.Product(Shape, $"{file}: tensor {name}");
            var values = new float[count];
            var index = new long[Shape.Length];
            for (var i = 0; i < count; i++)
            {
                var at = Offset;
                for (var d = 0; d < Shape.Length; d++)
                {
                    at += index[d] * Stride[d];
                }

                if (at < 0 || at >= storage.Length)
                {
                    throw new DwpException($"{file}: tensor {name} reaches outside its storage");
                }

                values[i] = storage[(int)at];
                for (var d = Shape.Length - 1; d >= 0 && ++index[d] == Shape[d]; d--)
                {
                    index[d] = 0;
                }
            }

            return new NamedTensor(name, Shape, values);
        }
    }

    /// <summary>A storage as the pickle names it, with its element count; legacy torch also named a slice of one (a view) by its values [ViewOffset, ViewOffset + ViewLength).</summary>
    private sealed record StorageReference(string Key, string Type, int ElementSize, long Count, long ViewOffset = 0, long? ViewLength = null);

    /// <summary>Resolves the persistent ids of storages: ('storage', type, key, location, size, view).</summary>
    private sealed class StorageUnpickler : Unpickler
    {
        public Dictionary<string, StorageReference> Storages { get; } = new(StringComparer.Ordinal);

        protected override object persistentLoad(object pid)
        {
            var id = pid as object[] ?? throw new PickleException("unknown persistent id");
            if (id.Length < 5 || id[0] as string != "storage")
            {
                throw new PickleException("unknown persistent id");
            }

            var type = id[1] is ClassDictConstructor constructor ? constructor.name : "?";
            var key = (string)id[2];
            var count = Convert.ToInt64(id[4], CultureInfo.InvariantCulture);
            var size = type switch
            {
                "DoubleStorage" or "LongStorage" => 8,
                "FloatStorage" or "IntStorage" => 4,
                "HalfStorage" or "ShortStorage" or "BFloat16Storage" => 2,
                _ => 1,
            };
            var root = Storages.TryGetValue(key, out var known) ? known : Storages[key] = new StorageReference(key, type, size, count);

            // A view was saved as its root storage plus (view key, offset, size); a tensor's offset counts from the view's start.
            return id.Length < 6 || id[5] is null ? root
                : id[5] is object[] { Length: 3 } view ? root with { ViewOffset = Convert.ToInt64(view[1], CultureInfo.InvariantCulture), ViewLength = Convert.ToInt64(view[2], CultureInfo.InvariantCulture) }
                : throw new PickleException($"the view of storage {key} is not (key, offset, size)");
        }
    }

    private sealed class TensorReferenceConstructor : IObjectConstructor
    {
        public object construct(object[] args) => new TensorReference(
            (StorageReference)args[0],
            Convert.ToInt64(args[1], CultureInfo.InvariantCulture),
            [.. ((object[])args[2]).Select(v => Convert.ToInt64(v, CultureInfo.InvariantCulture))],
            [.. ((object[])args[3]).Select(v => Convert.ToInt64(v, CultureInfo.InvariantCulture))]);
    }

    private sealed class StateDictConstructor : IObjectConstructor
    {
        public object construct(object[] args) => new StateDict();
    }

    /// <summary>The OrderedDict of a state dict; the pickle sets its <c>_metadata</c> through <c>__setstate__</c>, which is not needed here.</summary>
    private sealed class StateDict : Hashtable
    {
#pragma warning disable CA1822, IDE1006 // the unpickler calls this name by reflection
        public void __setstate__(Hashtable state)
        {
        }
#pragma warning restore CA1822, IDE1006
    }
}
