using System.Security.Cryptography;

namespace DwpFarm.Storage.Artifacts;

/// <summary>
/// Content-addressed blobs in the farm database. An artifact is written once under
/// its SHA-256 and verified against it on every read, so a reference is also a checksum.
/// </summary>
public sealed class ArtifactStore(FarmDatabase database, TimeProvider time)
{
    /// <summary>Larger blobs belong in object storage, not in a database row.</summary>
    public const long MaxSize = 1L << 30;

    public static string HashOf(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public async Task<ArtifactInfo> PutAsync(string kind, byte[] content, CancellationToken cancellationToken = default)
    {
        if (content.LongLength > MaxSize)
        {
            throw new ArgumentException($"a {kind} artifact of {content.LongLength} bytes exceeds the {MaxSize}-byte limit", nameof(content));
        }

        var sha = HashOf(content);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "INSERT INTO DwpArtifacts (Sha256, Kind, Size, Content, CreatedAt) VALUES (@sha, @kind, @size, @content, @at) ON CONFLICT (Sha256) DO NOTHING;");
        await command
            .WithParameter("@sha", sha)
            .WithParameter("@kind", kind)
            .WithParameter("@size", content.LongLength)
            .WithParameter("@content", content)
            .WithParameter("@at", time.GetUtcNow().ToUnixTimeMilliseconds())
            .ExecuteNonQueryAsync(cancellationToken);
        return new ArtifactInfo(sha, kind, content.LongLength);
    }

    public async Task<byte[]> GetAsync(string sha256, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT Content FROM DwpArtifacts WHERE Sha256 = @sha;").WithParameter("@sha", sha256);
        var content = await command.ExecuteScalarAsync(cancellationToken) as byte[] ?? throw new ArtifactNotFoundException(sha256);
        var actual = HashOf(content);
        if (actual != sha256)
        {
            throw new InvalidDataException($"artifact {sha256} is corrupt in the store (content hashes to {actual})");
        }

        return content;
    }

    public async Task<ArtifactInfo?> FindAsync(string sha256, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT Kind, Size FROM DwpArtifacts WHERE Sha256 = @sha;").WithParameter("@sha", sha256);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new ArtifactInfo(sha256, reader.GetString(0), reader.GetInt64(1)) : null;
    }
}
