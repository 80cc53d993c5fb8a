using DwpFarm.Dwp;
using DwpFarm.Data;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Pipeline.Specs;

namespace DwpFarm.Client.Specs;

/// <summary>
/// Checks a spec's data references against this machine (the embedded farm's silo is this
/// machine), with the same font search and IDX file lookup the data sources use.
/// </summary>
public sealed class LocalSpecEnvironment : ISpecEnvironment
{
    /// <summary>The npm digits split 8,000 / 2,000.</summary>
    public const int NpmTrainPool = 8000;

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public int CountFonts(IReadOnlyList<string> folders) => FontCatalog.Find(folders.Count > 0 ? folders : FontCatalog.DefaultFolders).Count;

    public int MnistTrainPool(string? folder)
    {
        if (folder is null)
        {
            return NpmTrainPool;
        }

        try
        {
            return MnistIdxFolder.TrainImageCount(folder);
        }
        catch (DwpException)
        {
            // No readable train file: no pool, and every train size is reported as too large.
            return 0;
        }
    }
}
