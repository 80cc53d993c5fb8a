namespace DwpFarm.Grains.Interfaces.Cluster;

/// <summary>Streams an artifact to a client in bounded chunks, so no message carries a large blob.</summary>
[Alias("dwp.IArtifactReaderGrain")]
public interface IArtifactReaderGrain : IGrainWithIntegerKey
{
    /// <summary>Chunk size: well under the 1 MiB bound on every grain message.</summary>
    public const int ChunkSize = 256 * 1024;

    [Alias("Read")]
    IAsyncEnumerable<byte[]> ReadAsync(ArtifactRef artifact, CancellationToken cancellationToken = default);
}
