using System.Data.Common;
using System.Security.Cryptography;

namespace DwpFarm.Storage.Artifacts;

/// <summary>
/// Content-addressed blobs in the farm database. An artifact is written once under its
/// SHA-256, in chunks, and verified against the hash on every read, so a reference is
/// also a checksum. The artifact row is written last, in the same transaction as its
/// chunks, so a reader never sees half an artifact. Putting content whose row exists
/// reads the row back and rewrites it if it no longer holds that content, so re-running
/// the unit that wrote a corrupt artifact repairs it.
/// </summary>
public sealed class ArtifactStore(FarmDatabase database, TimeProvider time)
{
    /// <summary>Bytes per chunk row: far below any engine's BLOB limit.</summary>
    public const int ChunkSize = 16 << 20;

    /// <summary>The sender's size check: larger blobs belong in object storage.</summary>
    public const long MaxSize = 16L << 30;

    public static string HashOf(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public async Task<ArtifactInfo> PutAsync(string kind, byte[] content, CancellationToken cancellationToken = default)
    {
        if (content.LongLength > MaxSize)
        {
            throw new ArgumentException($"a {kind} artifact of {content.LongLength} bytes exceeds the {MaxSize}-byte limit", nameof(content));
        }

        var sha = HashOf(content);
        var info = new ArtifactInfo(sha, kind, content.LongLength);
        var repair = false;
        if (await FindAsync(sha, cancellationToken) is not null)
        {
            try
            {
                // Reading verifies the hash: a row that reads back holds exactly this content.
                await GetAsync(sha, cancellationToken);
                return info;
            }
            catch (ArtifactCorruptException)
            {
                repair = true;
            }
        }

        var chunks = (int)Math.Max(1, (content.LongLength + ChunkSize - 1) / ChunkSize);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (repair)
        {
            await using var drop = connection.Command("DELETE FROM DwpArtifactChunks WHERE Sha256 = @sha;", transaction);
            await drop.WithParameter("@sha", sha).ExecuteNonQueryAsync(cancellationToken);
        }

        for (var seq = 0; seq < chunks; seq++)
        {
            var offset = (long)seq * ChunkSize;
            var part = content[(int)offset..(int)Math.Min(content.LongLength, offset + ChunkSize)];
            await using var chunk = connection.Command(
                "INSERT INTO DwpArtifactChunks (Sha256, Seq, Content) VALUES (@sha, @seq, @content) ON CONFLICT (Sha256, Seq) DO NOTHING;",
                transaction);
            await chunk.WithParameter("@sha", sha).WithParameter("@seq", seq).WithParameter("@content", part).ExecuteNonQueryAsync(cancellationToken);
        }

        await using var row = connection.Command(
            "INSERT INTO DwpArtifacts (Sha256, Kind, Size, Chunks, CreatedAt) VALUES (@sha, @kind, @size, @chunks, @at) ON CONFLICT (Sha256) DO UPDATE SET Size = excluded.Size, Chunks = excluded.Chunks;",
            transaction);
        await row
            .WithParameter("@sha", sha)
            .WithParameter("@kind", kind)
            .WithParameter("@size", content.LongLength)
            .WithParameter("@chunks", chunks)
            .WithParameter("@at", time.GetUtcNow().ToUnixTimeMilliseconds())
            .ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return info;
    }

    public async Task<byte[]> GetAsync(string sha256, CancellationToken cancellationToken = default)
    {
        var info = await FindAsync(sha256, cancellationToken) ?? throw new ArtifactNotFoundException(sha256);
        var content = new byte[info.Size];
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT Seq, Content FROM DwpArtifactChunks WHERE Sha256 = @sha ORDER BY Seq;").WithParameter("@sha", sha256);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long offset = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var part = (byte[])reader.GetValue(1);
            if (offset + part.Length > content.LongLength)
            {
                throw Corrupt(sha256, "has more bytes than recorded");
            }

            part.CopyTo(content, offset);
            offset += part.Length;
        }

        if (offset != content.LongLength)
        {
            throw Corrupt(sha256, $"holds {offset} of its {content.LongLength} bytes");
        }

        var actual = HashOf(content);
        return actual == sha256 ? content : throw Corrupt(sha256, $"content hashes to {actual}");
    }

    public async Task<ArtifactInfo?> FindAsync(string sha256, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT Kind, Size FROM DwpArtifacts WHERE Sha256 = @sha;").WithParameter("@sha", sha256);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new ArtifactInfo(sha256, reader.GetString(0), reader.GetInt64(1)) : null;
    }

    private static ArtifactCorruptException Corrupt(string sha256, string what) => new(sha256, what);
}
