using System.Collections.Concurrent;
using System.Security.Cryptography;
using DwpFarm.Grains.Interfaces;

namespace DwpFarm.Pipeline.Local;

/// <summary>Content-addressed artifacts of an in-process run, held in memory: the lab's stand-in for the farm database.</summary>
public sealed class MemoryArtifacts
{
    private readonly ConcurrentDictionary<string, byte[]> _content = new(StringComparer.Ordinal);

    public ArtifactRef Put(string kind, byte[] content)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        _content.TryAdd(sha256, content);
        return new ArtifactRef(sha256, kind, content.LongLength);
    }

    public byte[] Read(ArtifactRef artifact) =>
        _content.TryGetValue(artifact.Sha256, out var content) ? content : throw new KeyNotFoundException($"no artifact {artifact.Sha256} ({artifact.Kind}) in this run");
}
