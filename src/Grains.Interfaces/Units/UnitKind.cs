namespace DwpFarm.Grains.Interfaces.Units;

/// <summary>The kinds of work unit; also the <c>Kind</c> column of the work queue.</summary>
public static class UnitKind
{
    public const string Source = "source";
    public const string Bank = "bank";
    public const string Vae = "vae";
    public const string Evaluation = "eval";

    public static readonly IReadOnlyList<string> All = [Source, Bank, Vae, Evaluation];
}
