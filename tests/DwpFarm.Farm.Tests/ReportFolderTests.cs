using DwpFarm.Client.Reports;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Sweeps;

namespace DwpFarm.Farm.Tests;

/// <summary>The report writer never deletes a file it did not write: real folders, real files.</summary>
public sealed class ReportFolderTests : IDisposable
{
    private static readonly SweepReport Empty = new()
    {
        Status = new SweepStatus { SweepId = "report-1", Name = "report", Phase = SweepPhase.Completed },
        Spec = new SweepSpec(),
        SpecText = "name: report",
        Units = [],
    };

    private readonly string _root = Directory.CreateTempSubdirectory("dwpfarm-report-folder-").FullName;

    private static ReportWriter Writer => new(_ => throw new InvalidOperationException("no artifacts needed"));

    [Fact]
    public void A_folder_of_user_files_is_refused_and_left_as_it_was()
    {
        var folder = Path.Combine(_root, "mine");
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.WriteAllText(Path.Combine(folder, "important.txt"), "keep me");
        File.WriteAllText(Path.Combine(folder, "sub", "notes.txt"), "keep me too");

        var error = Assert.ThrowsAny<IOException>(() => Writer.Write(Empty, folder));

        Assert.Contains("is not empty and holds no earlier report", error.Message, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(folder, "important.txt")));
        Assert.Equal("keep me too", File.ReadAllText(Path.Combine(folder, "sub", "notes.txt")));
        Assert.Equal(["important.txt", "sub"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["mine"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName));
    }

    [Fact]
    public void A_new_folder_gets_the_report_and_its_marker()
    {
        var folder = Path.Combine(_root, "new", "report");

        var written = Writer.Write(Empty, folder);

        Assert.Contains("report.md", written);
        var marker = File.ReadAllLines(Path.Combine(folder, ReportFolder.MarkerName)).Where(l => !l.StartsWith('#'));
        Assert.Equal(written.Order(StringComparer.Ordinal), marker);
        Assert.Equal(["report"], Directory.GetFileSystemEntries(Path.Combine(_root, "new")).Select(Path.GetFileName));
    }

    [Fact]
    public void An_empty_folder_is_written_into()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "empty")).FullName;

        Writer.Write(Empty, folder);

        Assert.True(File.Exists(Path.Combine(folder, "report.md")));
        Assert.True(File.Exists(Path.Combine(folder, ReportFolder.MarkerName)));
    }

    [Fact]
    public void An_earlier_report_is_replaced_but_files_the_user_added_stay()
    {
        var folder = Path.Combine(_root, "report");
        Writer.Write(Empty, folder);
        File.WriteAllText(Path.Combine(folder, "my-notes.md"), "mine");
        // A file an older report wrote and the new one does not: it goes.
        File.WriteAllText(Path.Combine(folder, "accuracy-n500.png"), "old plot");
        File.AppendAllLines(Path.Combine(folder, ReportFolder.MarkerName), ["accuracy-n500.png"]);
        File.WriteAllText(Path.Combine(folder, "report.md"), "stale");

        Writer.Write(Empty, folder);

        Assert.Equal("mine", File.ReadAllText(Path.Combine(folder, "my-notes.md")));
        Assert.False(File.Exists(Path.Combine(folder, "accuracy-n500.png")));
        Assert.NotEqual("stale", File.ReadAllText(Path.Combine(folder, "report.md")));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(folder), e => e.Contains(".tmp-", StringComparison.Ordinal));
    }

    [Fact]
    public void A_marker_cannot_make_the_writer_delete_files_outside_the_report()
    {
        var folder = Path.Combine(_root, "report");
        Writer.Write(Empty, folder);
        File.WriteAllText(Path.Combine(_root, "outside.txt"), "keep");
        File.AppendAllLines(Path.Combine(folder, ReportFolder.MarkerName), ["../outside.txt", ".."]);

        Writer.Write(Empty, folder);

        Assert.Equal("keep", File.ReadAllText(Path.Combine(_root, "outside.txt")));
    }

    [Fact]
    public void A_user_file_named_like_a_report_file_in_an_earlier_report_is_refused()
    {
        var folder = Path.Combine(_root, "report");
        Writer.Write(Empty, folder);
        var marker = Path.Combine(folder, ReportFolder.MarkerName);
        File.WriteAllLines(marker, File.ReadAllLines(marker).Where(l => l != "curves.csv"));
        File.WriteAllText(Path.Combine(folder, "curves.csv"), "my own curves");

        var error = Assert.Throws<ReportFolderRefusedException>(() => Writer.Write(Empty, folder));

        Assert.Contains("curves.csv was not written by an earlier report", error.Message, StringComparison.Ordinal);
        Assert.Equal("my own curves", File.ReadAllText(Path.Combine(folder, "curves.csv")));
    }

    [Fact]
    public void A_file_in_place_of_the_folder_is_refused()
    {
        var file = Path.Combine(_root, "report");
        File.WriteAllText(file, "keep");

        var error = Assert.Throws<ReportFolderRefusedException>(() => Writer.Write(Empty, file));

        Assert.Contains("is a file, not a folder", error.Message, StringComparison.Ordinal);
        Assert.Equal("keep", File.ReadAllText(file));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
