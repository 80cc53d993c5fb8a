using System.Text.RegularExpressions;
using DwpFarm.Dwp.Torch;

namespace DwpFarm.Dwp.Vae;

/// <summary>
/// A <see cref="KernelVae"/> from the weights of the authors' PyTorch VAE (their <c>models/vae.py</c>: Encoder7x7 /
/// Decoder7x7 and Encoder5x5 / Decoder5x5), whose layers are ours one for one. Their state-dict names are mapped onto
/// ours and every shape is checked; the imported VAE works on raw kernels (scale 1), as theirs does.
/// </summary>
public static partial class KernelVaeImport
{
    public static KernelVae FromStateDict(int kernelSize, IReadOnlyList<(string Name, IReadOnlyList<long> Shape, float[] Values)> tensors)
    {
        var vae = KernelVae.Empty(kernelSize);
        try
        {
            var ours = vae.NamedParameters;
            var loaded = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, shape, values) in tensors)
            {
                var target = OurName(name) ?? throw new DwpException($"kernel VAE import: '{name}' is not a parameter of the authors' {kernelSize}×{kernelSize} VAE");
                if (!ours.TryGetValue(target, out var parameter))
                {
                    throw new DwpException($"kernel VAE import: '{name}' has no counterpart ({target}) in the {kernelSize}×{kernelSize} VAE");
                }

                if (!parameter.shape.SequenceEqual(shape))
                {
                    throw new DwpException($"kernel VAE import: '{name}' is [{string.Join(", ", shape)}], the {kernelSize}×{kernelSize} VAE's {target} is [{string.Join(", ", parameter.shape)}]");
                }

                // The lenient names (fc_var or fc_sigma, with or without .0) let two tensors land on one parameter: the last would win unseen.
                if (!loaded.TryAdd(target, name))
                {
                    throw new DwpException($"kernel VAE import: '{loaded[target]}' and '{name}' are both the {kernelSize}×{kernelSize} VAE's {target}");
                }

                // A NaN or infinity would load and only show later as a NaN ELBO or NaN initial weights.
                if (!Array.TrueForAll(values, float.IsFinite))
                {
                    throw new DwpException($"kernel VAE import: '{name}' holds a NaN or infinite value");
                }

                TensorValues.CopyInto(parameter, values);
            }

            var missing = ours.Keys.Where(k => !loaded.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
            return missing.Count == 0 ? vae : throw new DwpException($"kernel VAE import: the state dict lacks {string.Join(", ", missing)}");
        }
        catch
        {
            vae.Dispose();
            throw;
        }
    }

    /// <summary>encoder.features.N → encoder.N; encoder.fc_mu → encoderMean; encoder.fc_var or fc_sigma → encoderVariance; decoder.decoder.N → decoder.N; decoder.fc_mu(.0) → decoderMean; decoder.fc_var(.0) → decoderVariance.</summary>
    private static string? OurName(string theirs)
    {
        var m = Name().Match(theirs);
        if (!m.Success)
        {
            return null;
        }

        var (part, index, leaf) = (m.Groups["part"].Value, m.Groups["index"].Value, m.Groups["leaf"].Value);
        return part switch
        {
            "encoder.features" or "decoder.decoder" => $"{part[..7]}.{index}.{leaf}",
            "encoder.fc_mu" => $"encoderMean.{leaf}",
            "encoder.fc_var" or "encoder.fc_sigma" => $"encoderVariance.{leaf}",
            "decoder.fc_mu" => $"decoderMean.{leaf}",
            "decoder.fc_var" => $"decoderVariance.{leaf}",
            _ => null,
        };
    }

    [GeneratedRegex(@"^(?<part>encoder\.features|decoder\.decoder|encoder\.fc_mu|encoder\.fc_var|encoder\.fc_sigma|decoder\.fc_mu|decoder\.fc_var)\.(?:(?<index>\d+)\.)?(?<leaf>weight|bias)$")]
    private static partial Regex Name();
}
