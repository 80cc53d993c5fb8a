using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Cluster;
using DwpFarm.Storage.Artifacts;

namespace DwpFarm.Client.Farm;

/// <summary>Fetches artifacts through the cluster in chunks and checks them against their hash.</summary>
public static class ArtifactDownloader
{
    public static byte[] Download(IGrainFactory grains, ArtifactRef artifact) => DownloadAsync(grains, artifact).GetAwaiter().GetResult();

    public static async Task<byte[]> DownloadAsync(IGrainFactory grains, ArtifactRef artifact, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream((int)Math.Min(artifact.Size, int.MaxValue));
        await foreach (var chunk in grains.GetGrain<IArtifactReaderGrain>(0).ReadAsync(artifact, cancellationToken))
        {
            buffer.Write(chunk);
        }

        var content = buffer.ToArray();
        var hash = ArtifactStore.HashOf(content);
        return hash == artifact.Sha256 ? content : throw new InvalidDataException($"artifact {artifact.Sha256} arrived corrupt (hash {hash})");
    }
}
