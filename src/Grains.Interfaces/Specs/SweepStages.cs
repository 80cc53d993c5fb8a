namespace DwpFarm.Grains.Interfaces.Specs;

/// <summary>The pipeline's stages in order, as <see cref="SweepSpec.StopAfter"/> names them.</summary>
public static class SweepStages
{
    public const string Sources = "sources";
    public const string Bank = "bank";
    public const string Prior = "prior";
    public const string Evaluations = "evaluations";

    public static readonly IReadOnlyList<string> All = [Sources, Bank, Prior, Evaluations];

    /// <summary>Whether a sweep that stops after <paramref name="stopAfter"/> runs <paramref name="stage"/>.</summary>
    public static bool Runs(string stopAfter, string stage) => IndexOf(stage) <= IndexOf(stopAfter);

    private static int IndexOf(string stage)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i] == stage)
            {
                return i;
            }
        }

        throw new ArgumentException($"unknown stage '{stage}'", nameof(stage));
    }
}
