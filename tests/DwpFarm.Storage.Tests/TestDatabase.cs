using System.Data.Common;

namespace DwpFarm.Storage.Tests;

/// <summary>An initialised farm database for one test, on either engine.</summary>
public interface ITestDatabase : IDisposable
{
    FarmDatabase Database { get; }
}

internal static class TestDatabaseExtensions
{
    /// <summary>Runs raw SQL beside the code under test; parameters are bound by name.</summary>
    public static async Task<object?> ScalarAsync(this ITestDatabase db, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await db.Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            AddParameter(command, name, value);
        }

        return await command.ExecuteScalarAsync();
    }

    public static void AddParameter(DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
    }
}
