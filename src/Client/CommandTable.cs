using DwpFarm.Client.Commands.Bench;
using Spectre.Console.Cli;

namespace DwpFarm.Client;

/// <summary>Every noun of the CLI and its verbs, in one place.</summary>
internal static class CommandTable
{
    public static void Register(IConfigurator config)
    {
        // Branches are added here as their commands land: data, lab, bench, sweep, report, cluster, db, silo.
        config.AddCommand<BenchCommand>("bench")
            .WithDescription("Measure torch matmul GFLOP/s against FConvMnist and VAE training throughput on this machine.");
    }
}
