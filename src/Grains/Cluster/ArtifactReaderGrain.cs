using System.Runtime.CompilerServices;
using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Cluster;
using DwpFarm.Storage.Artifacts;
using Orleans.Concurrency;

namespace DwpFarm.Grains.Cluster;

/// <summary>Streams artifacts to clients in chunks; any silo can serve any artifact.</summary>
[StatelessWorker]
public sealed class ArtifactReaderGrain(ArtifactStore store) : Grain, IArtifactReaderGrain
{
    public async IAsyncEnumerable<byte[]> ReadAsync(ArtifactRef artifact, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var content = await store.GetAsync(artifact.Sha256, cancellationToken);
        for (var offset = 0; offset < content.Length; offset += IArtifactReaderGrain.ChunkSize)
        {
            yield return content[offset..Math.Min(content.Length, offset + IArtifactReaderGrain.ChunkSize)];
        }
    }
}
