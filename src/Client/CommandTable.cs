using DwpFarm.Client.Commands.Bench;
using DwpFarm.Client.Commands.Data;
using DwpFarm.Client.Commands.Lab;
using Spectre.Console.Cli;

namespace DwpFarm.Client;

/// <summary>Every noun of the CLI and its verbs, in one place.</summary>
internal static class CommandTable
{
    public static void Register(IConfigurator config)
    {
        // Branches are added here as their commands land: data, lab, bench, sweep, report, cluster, db, silo.
        config.AddBranch("data", data =>
        {
            data.SetDescription("Prepare and inspect the MNIST digits and the A..J letters");
            data.AddCommand<DataPrepareCommand>("prepare")
                .WithDescription("Download, generate and cache both data sets; print their counts and fingerprints")
                .WithExample("data", "prepare", "--json");
            data.AddCommand<DataShowCommand>("show")
                .WithDescription("Write a PNG grid of a data set, one labelled row per class")
                .WithExample("data", "show", "letters", "--out", "letters.png");
        });
        config.AddBranch("lab", lab =>
        {
            lab.SetDescription("Run whole experiments in this process, without a cluster");
            lab.AddCommand<InitCompareCommand>("init-compare")
                .WithDescription("Source nets on letters → kernel bank → VAEs → DWP/filters/Xavier/default init on MNIST")
                .WithExample("lab", "init-compare", "--sources", "4", "--seeds", "5", "--json");
        });
        config.AddCommand<BenchCommand>("bench")
            .WithDescription("Measure torch matmul GFLOP/s against FConvMnist and VAE training throughput on this machine")
            .WithExample("bench", "--json");
    }
}
