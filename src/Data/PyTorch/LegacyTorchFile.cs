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
/// little-endian values. Only float32 tensors are read.
/// </summary>
public static class LegacyTorchFile
{
    private static readonly BigInteger MagicNumber = BigInteger.Parse("01950a86a20f9469cfc6c", NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    static LegacyTorchFile()
    {
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", new TensorReferenceConstructor());
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor", new TensorReferenceConstructor());
        Unpickler.registerConstructor("collections", "OrderedDict", new StateDictConstructor());
    }

    public static IReadOnlyList<NamedTensor> Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Read(stream, Path.GetFileName(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DwpException($"{path}: cannot read ({ex.Message})");
        }
    }

    public static IReadOnlyList<NamedTensor> Read(Stream stream, string name)
    {
        try
        {
            using var unpickler = new StorageUnpickler();
            if (unpickler.load(stream) is not BigInteger magic || magic != MagicNumber)
            {
                throw new DwpException($"{name}: not a PyTorch file in the legacy format (a zip-format file is read by re-saving it with _use_new_zipfile_serialization=False)");
            }

            unpickler.load(stream); // protocol version
            unpickler.load(stream); // system info: byte order and type sizes, little-endian on every machine that ran the authors' code
            var stateDict = unpickler.load(stream) as IDictionary ?? throw new DwpException($"{name}: holds no state dict");
            var keys = (unpickler.load(stream) as IEnumerable ?? throw new DwpException($"{name}: has no storage list")).Cast<object>().Select(k => (string)k).ToList();
            var storages = new Dictionary<string, float[]>(StringComparer.Ordinal);
            using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            foreach (var key in keys)
            {
                var count = reader.ReadInt64();
                var size = unpickler.Storages.TryGetValue(key, out var storage) ? storage.ElementSize : 4;
                var bytes = reader.ReadBytes(checked((int)(count * size)));
                if (bytes.Length != count * size)
                {
                    throw new DwpException($"{name}: truncated in storage {key}");
                }

                if (storage is { Type: not "FloatStorage" })
                {
                    continue;
                }

                var values = new float[count];
                Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
                storages[key] = values;
            }

            return [.. stateDict.Keys.Cast<object>().Select(k => (string)k).Order(StringComparer.Ordinal)
                .Where(k => stateDict[k] is TensorReference)
                .Select(k => ((TensorReference)stateDict[k]!).Resolve(k, storages, name))];
        }
        catch (Exception ex) when (ex is PickleException or InvalidCastException or EndOfStreamException or OverflowException or IndexOutOfRangeException)
        {
            throw new DwpException($"{name}: not a readable PyTorch state dict ({ex.Message})");
        }
    }

    /// <summary>A tensor as the pickle describes it: a view (offset, shape, strides) of a storage read later.</summary>
    private sealed record TensorReference(StorageReference Storage, long Offset, long[] Shape, long[] Stride)
    {
        public NamedTensor Resolve(string name, Dictionary<string, float[]> storages, string file)
        {
            if (!storages.TryGetValue(Storage.Key, out var storage))
            {
                throw new DwpException($"{file}: tensor {name} is {Storage.Type}, not float32");
            }

            var count = Shape.Aggregate(1L, (a, b) => a * b);
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

                values[i] = storage[at];
                for (var d = Shape.Length - 1; d >= 0 && ++index[d] == Shape[d]; d--)
                {
                    index[d] = 0;
                }
            }

            return new NamedTensor(name, Shape, values);
        }
    }

    private sealed record StorageReference(string Key, string Type, int ElementSize);

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
            var size = type switch
            {
                "DoubleStorage" or "LongStorage" => 8,
                "FloatStorage" or "IntStorage" => 4,
                "HalfStorage" or "ShortStorage" or "BFloat16Storage" => 2,
                _ => 1,
            };
            return Storages.TryGetValue(key, out var known) ? known : Storages[key] = new StorageReference(key, type, size);
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
