using System.Globalization;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Vae;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Import;
using DwpFarm.Pipeline.Plan;

namespace DwpFarm.Pipeline.Units;

/// <summary>
/// Fits one conv layer's kernel VAE on the bank from several starts, keeps the best (<see cref="RestartChoice"/>) and
/// holds it to the quality gates: a VAE that misses them fails the unit (<see cref="PriorRejectedException"/>).
/// </summary>
public sealed class VaeRunner : IUnitRunner
{
    public string Kind => UnitKind.Vae;

    public UnitResult Run(UnitWork work, IUnitRunContext context, CancellationToken cancellationToken)
    {
        var w = (VaeWork)work;
        var environment = RunEnvironment.Configure(context, w);
        var device = RunEnvironment.Device(context);
        var bank = KernelBank.FromBytes(context.ReadArtifact(w.Bank));
        var layer = bank.Layers[w.LayerIndex];
        var options = UnitOptions.Vae(w, layer.Train.Count);
        var held = layer.Test.Count > 0 ? layer.Test : layer.Train;
        var restarts = w.Spec.Restarts;
        var total = (long)layer.Train.Count * options.Epochs * restarts;
        KernelVae? best = null;
        PriorQuality? bestQuality = null;
        try
        {
            // An imported prior stands in for the fit and is judged against this sweep's bank like a fitted one.
            if (w.Import is { } folder)
            {
                (best, restarts, options) = (PublishedPrior.LoadVae(folder, layer.KernelSize).To(device), 0, options with { Epochs = 0 });
            }

            for (var r = 0; r < restarts; r++)
            {
                var seed = PlanSeeds.VaeRestart(w.Seed, r);
                var vae = KernelVae.Create(layer.KernelSize, seed, device);
                var done = (long)layer.Train.Count * options.Epochs * r;
                vae.Fit(layer.Train, options with { Seed = seed }, report =>
                {
                    context.CountSteps((layer.Train.Count + options.BatchSize - 1) / options.BatchSize);
                    context.ReportProgress(new UnitProgress(
                        done + ((long)layer.Train.Count * report.Epoch),
                        total,
                        report.Seconds > 0 ? layer.Train.Count / report.Seconds : 0,
                        string.Create(CultureInfo.InvariantCulture, $"start {r + 1}/{restarts}, epoch {report.Epoch}/{options.Epochs}: loss {report.Loss:F4} per kernel")));
                }, cancellationToken);

                var start = PriorQuality.Measure(vae, layer, w.Seed);
                if (bestQuality is null || RestartChoice.Better(start, bestQuality, PriorGates.Default))
                {
                    best?.Dispose();
                    (best, bestQuality) = (vae, start);
                }
                else
                {
                    vae.Dispose();
                }
            }

            var chosen = best ?? throw new Dwp.DwpException($"{w.UnitId}: no VAE start ran (restarts {restarts})");
            var quality = bestQuality ?? PriorQuality.Measure(chosen, layer, w.Seed);
            var failures = quality.Failures(PriorGates.Default);
            if (failures.Count > 0 && w.EnforceGates)
            {
                var origin = w.Import is not null ? $"imported from {w.Import}" : restarts == 1 ? "one fit" : $"best of {restarts} starts";
                throw new PriorRejectedException($"the {w.Layer} prior ({layer.KernelSize}×{layer.KernelSize}, {origin}) fails its gates: {string.Join("; ", failures)}");
            }

            // After the fit and the gates: it freezes the VAE, and a failed prior needs no pull.
            var pull = w.Pull ? PriorPull.Measure(chosen, w.Seed) : null;
            return new VaeResult
            {
                DataSha256 = bank.Sha256,
                Environment = environment,
                Layer = w.Layer,
                Epochs = options.Epochs,
                Restarts = restarts,
                Weights = context.WriteArtifact("vae", chosen.ToBytes()),
                TrainElbo = chosen.Elbo(layer.Train),
                TestElbo = layer.Test.Count > 0 ? quality.TestElbo : double.NaN,
                WhiteNoiseElbo = quality.WhiteNoiseElbo,
                GaussianElbo = quality.GaussianElbo,
                LatentKl = chosen.LatentKl(held),
                SampleMedianNorm = quality.SampleMedianNorm,
                BankMedianNorm = quality.BankMedianNorm,
                SampleAbsCosine = quality.SampleAbsCosine,
                BankAbsCosine = quality.BankAbsCosine,
                GateFailures = failures,
                PulledAbsCosine = pull?.AbsCosine,
                PulledMedianNorm = pull?.MedianNorm,
            };
        }
        finally
        {
            best?.Dispose();
        }
    }
}
