using System.Text;
using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Units;

namespace DwpFarm.Farm.Tests.Pipeline;

/// <summary>Where a source run resumes when its checkpoints are corrupt, missing or from an earlier build.</summary>
public sealed class SourceResumeTests
{
    private static readonly ArtifactRef[] Checkpoints = [.. Enumerable.Range(1, 3).Select(e => new ArtifactRef(new string((char)('0' + e), 64), "checkpoint", 8) { Producer = "s/source/0000" })];

    [Fact]
    public void A_run_resumes_from_its_latest_checkpoint_that_reads_back()
    {
        AssertResumes(Checkpoints[1], 2, SourceResume.Choose(Work(3, Checkpoints), Read(unreadable: [Checkpoints[2]])));
        AssertResumes(Checkpoints[2], 3, SourceResume.Choose(Work(3, Checkpoints), Read(unreadable: [])));
    }

    [Fact]
    public void A_run_whose_checkpoints_all_fail_to_read_starts_from_scratch()
    {
        Assert.Equal((null, 0), SourceResume.Choose(Work(3, Checkpoints), Read(unreadable: Checkpoints)));
    }

    [Fact]
    public void State_from_before_the_checkpoint_list_falls_back_from_its_one_checkpoint_to_scratch()
    {
        var legacy = Work(3, []) with { Checkpoint = Checkpoints[2] };

        AssertResumes(Checkpoints[2], 3, SourceResume.Choose(legacy, Read(unreadable: [])));
        Assert.Equal((null, 0), SourceResume.Choose(legacy, Read(unreadable: [Checkpoints[2]])));
    }

    [Fact]
    public void A_checkpoint_of_an_earlier_build_starts_the_run_over()
    {
        Assert.Equal((null, 0), SourceResume.Choose(Work(1, [Checkpoints[0]]), _ => Encoding.ASCII.GetBytes("DWPSRC01 old")));
    }

    private static SourceRunWork Work(int epochs, ArtifactRef[] checkpoints) => new()
    {
        SweepId = "s",
        UnitId = "s/source/0000",
        Seed = 1,
        Resources = SweepSpecs.Small().Resources,
        Spec = SweepSpecs.Small().Source,
        Index = 0,
        Checkpoint = checkpoints.LastOrDefault(),
        CompletedEpochs = epochs,
        Checkpoints = checkpoints,
    };

    private static void AssertResumes(ArtifactRef checkpoint, int epochs, (byte[]? Checkpoint, int Epochs) resume)
    {
        Assert.Equal(Content(checkpoint), resume.Checkpoint);
        Assert.Equal(epochs, resume.Epochs);
    }

    private static byte[] Content(ArtifactRef checkpoint) => Encoding.ASCII.GetBytes($"checkpoint {checkpoint.Sha256[0]}");

    private static Func<ArtifactRef, byte[]> Read(ArtifactRef[] unreadable) => checkpoint =>
        unreadable.Contains(checkpoint) ? throw new UnreadableArtifactException(checkpoint, "is corrupt in the store (content hashes to 00)") : Content(checkpoint);
}
