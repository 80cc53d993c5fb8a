using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Grains.Units;

/// <summary>One source-CNN training run; it checkpoints every epoch so a moved run resumes.</summary>
public sealed class SourceRunGrain(
    [PersistentState("unit", Constants.StorageName)] IPersistentState<UnitState> state,
    UnitServices services)
    : UnitGrain(state, services), ISourceRunGrain
{
    protected override string Kind => UnitKind.Source;

    public async Task CheckpointAsync(long generation, int epoch, ArtifactRef checkpoint)
    {
        if (generation != State.Generation || State.IsTerminal || State.Work is not SourceRunWork work || epoch <= work.CompletedEpochs)
        {
            return;
        }

        // The list stays indexed by epoch only while every epoch is in it (state from before it existed is not).
        var checkpoints = work.Checkpoints.Count == epoch - 1 ? [.. work.Checkpoints, checkpoint] : (IReadOnlyList<ArtifactRef>)[];
        State.Work = work with { Checkpoint = checkpoint, CompletedEpochs = epoch, Checkpoints = checkpoints };
        await WriteStateAsync();
    }

    /// <summary>A reset run resumes from its checkpoints: the runner falls back past any that no longer read back.</summary>
    protected override UnitWork Renew(UnitWork previous, UnitWork work) =>
        previous is SourceRunWork old && work is SourceRunWork fresh
            ? fresh with { Checkpoint = old.Checkpoint, CompletedEpochs = old.CompletedEpochs, Checkpoints = old.Checkpoints }
            : work;

    protected override IReadOnlyList<ArtifactRef> ArtifactsOf(UnitState state)
    {
        var artifacts = new List<ArtifactRef>();
        if (state.Result is SourceRunResult result)
        {
            artifacts.Add(result.Model);
        }
        else if (state.Work is SourceRunWork { Checkpoint: { } checkpoint })
        {
            artifacts.Add(checkpoint);
        }

        return artifacts;
    }
}
