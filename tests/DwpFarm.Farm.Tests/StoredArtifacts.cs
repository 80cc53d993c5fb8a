using System.Data.Common;
using DwpFarm.Storage;
using DwpFarm.Storage.Artifacts;

namespace DwpFarm.Farm.Tests;

/// <summary>Damages artifact rows behind the store's back, as a bad disk or a stray UPDATE would.</summary>
internal static class StoredArtifacts
{
    /// <summary>Flips one byte of the artifact's first chunk; returns what the damaged bytes hash to.</summary>
    public static async Task<string> FlipByteAsync(FarmDatabase database, string sha256)
    {
        await using var connection = await database.OpenAsync();
        byte[] content;
        await using (var read = Command(connection, "SELECT Content FROM DwpArtifactChunks WHERE Sha256 = @sha AND Seq = 0;", ("@sha", sha256)))
        {
            content = (byte[])(await read.ExecuteScalarAsync())!;
        }

        content[content.Length / 2] ^= 0x01;
        await using var write = Command(connection, "UPDATE DwpArtifactChunks SET Content = @content WHERE Sha256 = @sha AND Seq = 0;", ("@sha", sha256), ("@content", content));
        await write.ExecuteNonQueryAsync();
        return ArtifactStore.HashOf(content);
    }

    /// <summary>Deletes the artifact's row and chunks.</summary>
    public static async Task DeleteAsync(FarmDatabase database, string sha256)
    {
        await using var connection = await database.OpenAsync();
        foreach (var table in new[] { "DwpArtifactChunks", "DwpArtifacts" })
        {
            await using var delete = Command(connection, $"DELETE FROM {table} WHERE Sha256 = @sha;", ("@sha", sha256));
            await delete.ExecuteNonQueryAsync();
        }
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }

        return command;
    }
}
