using System.Globalization;
using DwpFarm.Client.Farm;
using DwpFarm.Client.Infrastructure;
using DwpFarm.Dwp;
using DwpFarm.Dwp.Common;
using DwpFarm.Dwp.Vae;
using DwpFarm.Pipeline.Import;
using DwpFarm.Pipeline.Units;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DwpFarm.Client.Commands.Prior;

/// <summary>
/// <c>dwpfarm prior import DIR</c>: loads the authors' published VAEs and kernel banks and holds them to the gates
/// every prior of ours must pass: the yardstick of our VAE code and of the gates themselves.
/// </summary>
public sealed class PriorImportCommand(IAnsiConsole console) : Command<PriorImportSettings>
{
    private const long SampleSeed = 0;
    private const long SubsetStream = 9;

    public override int Execute(CommandContext context, PriorImportSettings options, CancellationToken cancellationToken)
    {
        using var prior = PublishedPrior.Load(options.Folder);
        var rows = prior.Layers.Select((layer, index) =>
        {
            var bank = layer.AsBankLayer(index);
            var quality = PriorQuality.Measure(layer.Vae, bank, SampleSeed);
            return (Layer: $"conv{index + 1}", Bank: bank, Quality: quality, Pull: options.Pull ? PriorPull.Measure(layer.Vae, SampleSeed) : null, Failures: quality.Failures(PriorGates.Default));
        }).ToList();
        if (options.Fit)
        {
            // The VAE's own defaults are the authors' settings; only the epochs may differ.
            var fit = new KernelVaeOptions { Seed = SampleSeed };
            fit = fit with { Epochs = options.FitEpochs ?? fit.Epochs };
            foreach (var (layer, index) in prior.Layers.Select((l, i) => (l, i)).Where(p => p.l.Train is not null).ToList())
            {
                var bank = layer.AsBankLayer(index);
                var order = Seeds.Permutation(bank.Train.Count, Seeds.Random(SampleSeed, SubsetStream));
                var counts = options.FitKernelCounts ?? [bank.Train.Count];
                if (counts.FirstOrDefault(c => c > bank.Train.Count) is > 0 and var tooMany)
                {
                    // Before any fit, so a typo costs no minutes.
                    throw new DwpException($"--fit-kernels {tooMany}: their {bank.Train.KernelSize}×{bank.Train.KernelSize} training bank holds {bank.Train.Count} kernels");
                }

                foreach (var count in counts)
                {
                    // The whole bank in its own order, so that plain --fit gives the figure it always gave.
                    var subset = count == bank.Train.Count ? bank : bank with { Train = bank.Train.Select(order[..count]) };
                    using var ours = KernelVae.Create(layer.KernelSize, SampleSeed);
                    ours.Fit(subset.Train, fit, cancellationToken: cancellationToken);
                    var quality = PriorQuality.Measure(ours, subset, SampleSeed);
                    rows.Add(($"conv{index + 1} (ours: {count} of their {bank.Train.Count} kernels, {fit.Epochs} epochs)", subset, quality, options.Pull ? PriorPull.Measure(ours, SampleSeed) : null, quality.Failures(PriorGates.Default)));
                }
            }
        }

        if (options.Json)
        {
            JsonOutput.WriteLine(rows.Select(r => new
            {
                layer = r.Layer,
                kernel = r.Quality.KernelSize,
                train = r.Bank.Train.Count,
                test = r.Bank.Test.Count,
                testElbo = r.Quality.TestElbo,
                whiteNoiseElbo = r.Quality.WhiteNoiseElbo,
                gaussianElbo = r.Quality.GaussianElbo,
                sampleMedianNorm = r.Quality.SampleMedianNorm,
                bankMedianNorm = r.Quality.BankMedianNorm,
                normRatio = r.Quality.NormRatio,
                sampleAbsCosine = r.Quality.SampleAbsCosine,
                bankAbsCosine = r.Quality.BankAbsCosine,
                pulledAbsCosine = r.Pull?.AbsCosine,
                pulledMedianNorm = r.Pull?.MedianNorm,
                bankShape = BankRunner.Shape([r.Bank.Train, r.Bank.Test], initialNorm: 0),
                gates = r.Failures,
            }));
            return Install(options, Console.Error.WriteLine);
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"The published prior in {Markup.Escape(options.Folder)}, scored as ours are")
            .AddColumns("layer", "kernels train / test", "test ELBO", "white noise", "Gaussian", "sample / bank norm", "sample / bank |cos|", "pulled |cos| / norm", "gates");
        foreach (var r in rows)
        {
            var q = r.Quality;
            table.AddRow(
                r.Layer,
                F($"{r.Bank.Train.Count} / {r.Bank.Test.Count}"),
                F($"{q.TestElbo:F2}"),
                F($"{q.WhiteNoiseElbo:F2}"),
                F($"{q.GaussianElbo:F2}"),
                F($"{q.SampleMedianNorm:G3} / {q.BankMedianNorm:G3} ({q.NormRatio:P0})"),
                F($"{q.SampleAbsCosine:F2} / {q.BankAbsCosine:F2}"),
                r.Pull is { } pull ? F($"{pull.AbsCosine:F2} / {pull.MedianNorm:G3}") : "–",
                r.Failures.Count == 0 ? "[green]pass[/]" : $"[red]{Markup.Escape(string.Join("; ", r.Failures))}[/]");
        }

        console.Write(table);

        // The figures our banks are compared with: how large and how smooth trained kernels are.
        foreach (var r in rows.Where(r => !r.Layer.Contains(' ', StringComparison.Ordinal)))
        {
            console.MarkupLine(Markup.Escape($"{r.Layer} bank: {UnitLines.Shape(BankRunner.Shape([r.Bank.Train, r.Bank.Test], initialNorm: 0))}"));
        }

        return Install(options, line => console.MarkupLine(Markup.Escape(line)));
    }

    // After the scores are out, so a failed copy loses no measurement; and only for a folder that loaded and was scored.
    private static int Install(PriorImportSettings options, Action<string> say)
    {
        if (!options.NoInstall)
        {
            var installed = InstalledPrior.Install(options.Folder, options.Root);
            say($"installed in {installed}: `dwpfarm lab fewshot` now uses it (--prior own builds a front instead)");
        }

        return ExitCodes.Ok;
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
