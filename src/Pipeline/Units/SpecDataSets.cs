using System.Collections.Concurrent;
using DwpFarm.Data;
using DwpFarm.Dwp.Images;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Grains.Interfaces.Specs;

namespace DwpFarm.Pipeline.Units;

/// <summary>
/// The data sets a spec's units train on, loaded once per process (a silo or the lab) from the on-disk cache
/// in the data root and shared, read-only, by every slot. A sweep's units agree on the data because both sets
/// are deterministic for their options; each result records the data's SHA-256.
/// </summary>
public sealed class SpecDataSets(DataRoot root)
{
    private readonly ConcurrentDictionary<LettersOptions, Lazy<LettersData>> _letters = new();
    private readonly ConcurrentDictionary<MnistOptions, Lazy<MnistData>> _mnist = new();
    private readonly ConcurrentDictionary<(string Letters, double Share, int Seed), Lazy<(ImageSet, string)>> _inverted = new();
    private readonly Lock _bankLock = new();
    private (string Sha256, KernelBank Bank)? _bank;

    public LettersData Letters(SourceSpec spec, Action<string>? log = null)
    {
        var options = new LettersOptions(spec.DataSeed, spec.ImagesPerClass, spec.FontFolders.Count > 0 ? spec.FontFolders : null, spec.Dataset == "notmnist" ? spec.Folder : null);
        return _letters.GetOrAdd(options, o => new Lazy<LettersData>(() => LettersSource.Load(root, o, log))).Value;
    }

    /// <summary>The letters a source run trains and is tested on: a stratified split fixed by the data seed.</summary>
    public (ImageSet Train, ImageSet Test, string Sha256) SourceSplit(SourceSpec spec)
    {
        var (images, sha256) = SourceImages(spec);
        var (train, test) = DataSplit.Stratified(images, spec.TestImages, spec.DataSeed);
        return (train, test, sha256);
    }

    /// <summary>The letters source runs draw on, <see cref="SourceSpec.Inverted"/> of them dark on light, and their fingerprint.</summary>
    public (ImageSet Images, string Sha256) SourceImages(SourceSpec spec)
    {
        var letters = Letters(spec);
        if (spec.Inverted == 0)
        {
            return (letters.Images, letters.Sha256);
        }

        return _inverted.GetOrAdd((letters.Sha256, spec.Inverted, spec.DataSeed), key => new Lazy<(ImageSet, string)>(() =>
        {
            var images = LetterPolarity.Invert(letters.Images, key.Share, key.Seed);
            return (images, images.Sha256());
        })).Value;
    }

    /// <summary>
    /// The sweep's kernel bank, read and parsed once for all its evaluation units on this silo
    /// (a paper-scale bank is over a gigabyte). Only the latest bank is kept.
    /// </summary>
    public KernelBank Bank(string sha256, Func<byte[]> read)
    {
        lock (_bankLock)
        {
            if (_bank is { } cached && cached.Sha256 == sha256)
            {
                return cached.Bank;
            }

            var bank = KernelBank.FromBytes(read());
            _bank = (sha256, bank);
            return bank;
        }
    }

    public MnistData Mnist(EvaluationSpec spec, Action<string>? log = null)
    {
        var options = new MnistOptions(string.IsNullOrEmpty(spec.Folder) ? null : spec.Folder);
        return _mnist.GetOrAdd(options, o => new Lazy<MnistData>(() => MnistSource.Load(root, o, log))).Value;
    }
}
