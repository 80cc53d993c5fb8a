namespace DwpFarm.Storage.Schema;

/// <summary>One numbered migration script, embedded in this assembly.</summary>
public sealed record SchemaScript(int Version, string Name, string Sql);
