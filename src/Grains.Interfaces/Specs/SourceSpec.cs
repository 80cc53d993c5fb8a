using DwpFarm.Dwp.Training;

namespace DwpFarm.Grains.Interfaces.Specs;

/// <summary>The source CNN training runs (FConvMNIST on letters).</summary>
[GenerateSerializer, Immutable, Alias("dwp.SourceSpec")]
public sealed record SourceSpec
{
    /// <summary><c>letters</c> (rendered from installed fonts) or <c>notmnist</c> (a folder of A–J PNGs).</summary>
    [Id(0)] public string Dataset { get; init; } = "letters";

    /// <summary>The notMNIST folder on every silo, when <see cref="Dataset"/> is <c>notmnist</c>.</summary>
    [Id(1)] public string? Folder { get; init; }

    /// <summary>Letters rendered per class (A–J), when generated.</summary>
    [Id(2)] public int ImagesPerClass { get; init; } = 2000;

    /// <summary>Seed of the letters generator's augmentation.</summary>
    [Id(3)] public int DataSeed { get; init; }

    /// <summary>Number of source nets (<see cref="DefaultFront.Sources"/>).</summary>
    [Id(4)] public int Count { get; init; } = DefaultFront.Sources;

    /// <summary>Conv widths (h0, h1) (<see cref="DefaultFront.Widths"/>).</summary>
    [Id(5)] public IReadOnlyList<int> Widths { get; init; } = DefaultFront.Widths;

    [Id(6)] public int Epochs { get; init; } = 3;

    [Id(7)] public int Batch { get; init; } = 256;

    /// <summary>Adam's initial learning rate, decayed linearly towards 0 (see <see cref="LrDecay"/>).</summary>
    [Id(8)] public double Lr { get; init; } = 1e-3;

    /// <summary>L2 penalty on the conv weights (and, with <see cref="L2Biases"/>, the conv biases).</summary>
    [Id(9)] public double L2 { get; init; } = 1e-3;

    /// <summary>
    /// The seed run i's seed is derived from (with i and the source stream; see the plan's seeds): 0, as every other
    /// stage's, so that the lab's <c>--seed</c> left out is the spec's default.
    /// </summary>
    [Id(10)] public int Seed { get; init; }

    /// <summary>Letters held out to measure each source net's accuracy.</summary>
    [Id(11)] public int TestImages { get; init; } = 2000;

    /// <summary>Folders searched for fonts when generating letters; empty for the system font folders.</summary>
    [Id(12)] public IReadOnlyList<string> FontFolders { get; init; } = [];

    /// <summary>Whether the L2 penalty covers the conv biases too, the DWP authors' scope (<see cref="DefaultFront.L2Biases"/>).</summary>
    [Id(13)] public bool L2Biases { get; init; } = DefaultFront.L2Biases;

    /// <summary>
    /// <c>step</c>: the rate falls after every step, to 0 at the end; <c>epoch</c>: it falls at every epoch start, the
    /// last epoch at lr/epochs, as the DWP authors' train-net.py.
    /// </summary>
    [Id(14)] public LearningRateDecay LrDecay { get; init; } = LearningRateDecay.Step;

    /// <summary>
    /// The share of the letters drawn dark on light, each image drawn from the data seed (rendered letters are light
    /// on black). Left out of JSON when 0, so the source cache's keys of runs made before it existed still match.
    /// </summary>
    [Id(15)]
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public double Inverted { get; init; }
}
