using DwpFarm.Client.Commands.Bench;
using DwpFarm.Client.Commands.Cluster;
using DwpFarm.Client.Commands.Data;
using DwpFarm.Client.Commands.Db;
using DwpFarm.Client.Commands.Demo;
using DwpFarm.Client.Commands.Lab;
using DwpFarm.Client.Commands.Prior;
using DwpFarm.Client.Commands.Report;
using DwpFarm.Client.Commands.Sweep;
using DwpFarm.Client.Farm;
using Spectre.Console.Cli;

namespace DwpFarm.Client;

/// <summary>Every noun of the CLI and its verbs, in one place.</summary>
internal static class CommandTable
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("data", data =>
        {
            data.SetDescription("Prepare and inspect the MNIST digits and the A..J letters.");
            data.AddCommand<DataPrepareCommand>("prepare")
                .WithDescription("Download, generate and cache both data sets; print their counts and fingerprints.")
                .WithExample("data", "prepare", "--json");
            data.AddCommand<DataShowCommand>("show")
                .WithDescription("Write a PNG grid of a data set, one labelled row per class.")
                .WithExample("data", "show", "letters", "--out", "letters.png");
        });
        config.AddBranch("lab", lab =>
        {
            lab.SetDescription("Run whole experiments in this process, without a cluster.");
            lab.AddCommand<InitCompareCommand>("init-compare")
                .WithDescription("Source nets on letters → kernel bank → VAEs → each initialiser of the spec on MNIST.")
                .WithExample("lab", "init-compare", "--sources", "4", "--seeds", "5", "--json");
            lab.AddCommand<FewShotCommand>("fewshot")
                .WithDescription("Source nets on letters → kernel bank → VAEs → variational training under each prior of the spec on N MNIST digits.")
                .WithExample("lab", "fewshot", "--sizes", "50,100,500", "--seeds", "3", "--json");
            lab.AddCommand<TrajectoryCommand>("trajectory")
                .WithDescription("One source net trained the authors' way for 100 epochs; its kernels' norms, dead share and smoothness at every epoch (resumable).")
                .WithExample("lab", "trajectory", "--widths", "32x64", "--out", "trajectory-32x64");
            lab.AddCommand<VaeEpochsCommand>("vae-epochs")
                .WithDescription("A front's sources and banks as the lab builds them, then one layer's VAE refitted at each length asked, scored and held to the gates (kernel grids with --out).")
                .WithExample("lab", "vae-epochs", "--spec", "examples/front-recipe-inverted.yaml", "--vae-epochs", "300,600,1000", "--out", "vae-epochs");
        });
        config.AddBranch("prior", prior =>
        {
            prior.SetDescription("Published priors as a yardstick.");
            prior.AddCommand<PriorImportCommand>("import")
                .WithDescription("Load the authors' published VAEs and kernel banks (PyTorch state dicts, .npy) and hold them to our prior's gates.")
                .WithExample("prior", "import", "deep-weight-prior/data/fconv")
                .WithExample("prior", "import", "deep-weight-prior/data/fconv", "--no-install", "--fit", "--fit-kernels", "227,456,900");
        });
        config.AddBranch("bench", bench =>
        {
            bench.SetDescription("Measure this machine's training throughput, or the farm's scheduling overhead.");
            bench.SetDefaultCommand<BenchCommand>();
            bench.AddCommand<BenchFarmCommand>("farm")
                .WithDescription("Run a sweep of many ~1 s training units; print efficiency (ideal ÷ real wall time) and scheduling latency.")
                .WithExample("bench", "farm", "--units", "500", "--json");
        });
        config.AddBranch<GatewaySettings>("sweep", sweep =>
        {
            sweep.SetDescription("Run and follow sweeps on a cluster.");
            sweep.AddCommand<SweepSubmitCommand>("submit").WithDescription("Validate a YAML spec and start it; prints the sweep id.");
            sweep.AddCommand<SweepStatusCommand>("status").WithDescription("Progress of one sweep by phase.");
            sweep.AddCommand<SweepListCommand>("list").WithDescription("All sweeps.");
            sweep.AddCommand<SweepWatchCommand>("watch").WithDescription("Live progress until the sweep finishes.");
            sweep.AddCommand<SweepCancelCommand>("cancel").WithDescription("Stop a sweep: queued units are withdrawn.");
            sweep.AddCommand<SweepRetryCommand>("retry").WithDescription("Re-run only the failed units.");
            sweep.AddCommand<SweepLogsCommand>("logs").WithDescription("What the units' attempts did: where each ran, its milestones, how it ended.");
        });
        config.AddBranch<GatewaySettings>("cluster", cluster =>
        {
            cluster.SetDescription("The cluster itself.");
            cluster.AddCommand<ClusterStatusCommand>("status").WithDescription("Silos, slots busy and free, queue length.");
        });
        config.AddCommand<ReportCommand>("report").WithDescription("Write a sweep's report: report.md, results.json, curves.csv and plots.");
        config.AddCommand<DemoCommand>("demo").WithDescription("Run a sweep end to end on an in-process silo with SQLite, then write its report.");
        config.AddBranch("db", db =>
        {
            db.SetDescription("Farm database schema.");
            db.AddCommand<DbInitCommand>("init").WithDescription("Create or upgrade the schema (idempotent).");
        });
    }
}
