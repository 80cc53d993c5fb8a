using DwpFarm.Data;

namespace DwpFarm.Dwp.Tests.Data;

public sealed class AtomicFolderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_filled_folder_appears_complete()
    {
        var target = _temp.Combine("cache", "set");

        AtomicFolder.Create(target, temp => File.WriteAllText(Path.Combine(temp, "data"), "complete"));

        Assert.Equal("complete", File.ReadAllText(Path.Combine(target, "data")));
        Assert.Equal([target], Directory.GetDirectories(_temp.Combine("cache")));
    }

    [Fact]
    public void A_failed_fill_leaves_nothing_behind()
    {
        var target = _temp.Combine("cache", "set");

        Assert.Throws<InvalidOperationException>(() => AtomicFolder.Create(target, temp =>
        {
            File.WriteAllText(Path.Combine(temp, "half"), "written");
            throw new InvalidOperationException("fill failed half way");
        }));

        Assert.Empty(Directory.GetFileSystemEntries(_temp.Combine("cache")));
    }

    [Fact]
    public void A_folder_created_meanwhile_by_another_writer_is_kept()
    {
        var target = _temp.Combine("cache", "set");

        AtomicFolder.Create(target, temp =>
        {
            File.WriteAllText(Path.Combine(temp, "data"), "ours");
            Directory.CreateDirectory(target);
            File.WriteAllText(Path.Combine(target, "data"), "theirs");
        });

        Assert.Equal("theirs", File.ReadAllText(Path.Combine(target, "data")));
        Assert.Equal([target], Directory.GetDirectories(_temp.Combine("cache")));
    }

    [Fact]
    public void An_atomic_file_replaces_the_old_one_and_leaves_no_temporary()
    {
        var path = _temp.Combine("out", "grid.png");
        AtomicFile.Write(path, [1, 2, 3]);

        AtomicFile.Write(path, [4, 5]);

        Assert.Equal([4, 5], File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_temp.Combine("out")));
    }
}
