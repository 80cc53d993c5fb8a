using DwpFarm.Dwp.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Torch;

/// <summary>
/// Writes a module's parameters as (name, shape, float32 values) and reads them back into a module of
/// the same architecture. Our own format rather than <c>Module.save</c>, so a mismatch is a clear message.
/// </summary>
public static class ModuleState
{
    public static void Write(BinaryWriter writer, nn.Module module)
    {
        var parameters = module.named_parameters().ToList();
        writer.Write(parameters.Count);
        foreach (var (name, parameter) in parameters)
        {
            writer.Write(name);
            writer.Write((int)parameter.Dimensions);
            foreach (var size in parameter.shape)
            {
                writer.Write(size);
            }

            FloatArrays.Write(writer, TensorValues.Of(parameter));
        }
    }

    public static void Read(BinaryReader reader, nn.Module module)
    {
        var parameters = module.named_parameters().ToList();
        var count = reader.ReadInt32();
        if (count != parameters.Count)
        {
            throw new InvalidDataException($"{count} parameters stored, the model has {parameters.Count}");
        }

        foreach (var (name, parameter) in parameters)
        {
            var storedName = reader.ReadString();
            var rank = reader.ReadInt32();
            if (storedName != name || rank != parameter.Dimensions)
            {
                throw new InvalidDataException($"parameter '{storedName}' does not match '{name}'");
            }

            for (var d = 0; d < rank; d++)
            {
                if (reader.ReadInt64() != parameter.shape[d])
                {
                    throw new InvalidDataException($"parameter '{name}' has another shape");
                }
            }

            TensorValues.ReadInto(reader, parameter, $"parameter '{name}'");
        }
    }
}
