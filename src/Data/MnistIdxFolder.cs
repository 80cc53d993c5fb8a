using DwpFarm.Dwp;
using DwpFarm.Dwp.Images;
namespace DwpFarm.Data;

/// <summary>The four standard MNIST IDX files in one folder, each raw or gzipped.</summary>
public static class MnistIdxFolder
{
    public const string TrainImages = "train-images-idx3-ubyte";
    public const string TrainLabels = "train-labels-idx1-ubyte";
    public const string TestImages = "t10k-images-idx3-ubyte";
    public const string TestLabels = "t10k-labels-idx1-ubyte";

    public static (ImageSet Train, ImageSet Test) Read(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DwpException($"{folder}: MNIST IDX folder does not exist");
        }

        var train = IdxReader.Read(Find(folder, TrainImages), Find(folder, TrainLabels), MnistSource.ClassNames);
        var test = IdxReader.Read(Find(folder, TestImages), Find(folder, TestLabels), MnistSource.ClassNames);
        return (train, test);
    }

    /// <summary>The number of images in the folder's train file, from its header alone.</summary>
    public static int TrainImageCount(string folder) => IdxReader.ReadImageCount(Find(folder, TrainImages));

    public static void Write(string folder, ImageSet train, ImageSet test)
    {
        IdxWriter.Write(train, Path.Combine(folder, TrainImages), Path.Combine(folder, TrainLabels));
        IdxWriter.Write(test, Path.Combine(folder, TestImages), Path.Combine(folder, TestLabels));
    }

    /// <summary>The raw file if present, else its .gz; the reader tells them apart by content anyway.</summary>
    private static string Find(string folder, string name)
    {
        var raw = Path.Combine(folder, name);
        if (File.Exists(raw))
        {
            return raw;
        }

        var gz = raw + ".gz";
        return File.Exists(gz) ? gz : throw new DwpException($"{folder}: has no {name} (nor {name}.gz)");
    }
}
