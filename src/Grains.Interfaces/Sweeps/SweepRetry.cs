namespace DwpFarm.Grains.Interfaces.Sweeps;

/// <summary>What <c>sweep retry</c> queued again.</summary>
[GenerateSerializer, Immutable, Alias("dwp.SweepRetry")]
public sealed record SweepRetry
{
    /// <summary>Failed units that will run again.</summary>
    [Id(0)] public int Failed { get; init; }

    /// <summary>Units re-run because an artifact they wrote was found corrupt or missing; their runs rewrite it.</summary>
    [Id(1)] public IReadOnlyList<string> Producers { get; init; } = [];

    /// <summary>Completed units re-run because they read what a producer rewrites.</summary>
    [Id(2)] public int Downstream { get; init; }

    public bool Nothing => Failed == 0 && Producers.Count == 0;
}
