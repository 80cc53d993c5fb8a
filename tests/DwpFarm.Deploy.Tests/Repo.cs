namespace DwpFarm.Deploy.Tests;

/// <summary>Paths in the repository, found from the test binary's folder.</summary>
internal static class Repo
{
    public static readonly string Root = FindRoot(new DirectoryInfo(AppContext.BaseDirectory));

    public static string Deploy => Path.Combine(Root, "deploy");

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Read(params string[] parts) => System.IO.File.ReadAllText(File(parts));

    private static string FindRoot(DirectoryInfo? dir) =>
        dir is null ? throw new InvalidOperationException($"no DwpFarm.sln above {AppContext.BaseDirectory}")
        : System.IO.File.Exists(Path.Combine(dir.FullName, "DwpFarm.sln")) ? dir.FullName
        : FindRoot(dir.Parent);
}
