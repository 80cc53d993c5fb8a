using System.Globalization;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Vae;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Plan;

namespace DwpFarm.Pipeline.Units;

/// <summary>Fits one conv layer's kernel VAE on the bank and scores it on the held-out kernels and against white noise.</summary>
public sealed class VaeRunner : IUnitRunner
{
    private const int JudgedSamples = 1000;

    public string Kind => UnitKind.Vae;

    public UnitResult Run(UnitWork work, IUnitRunContext context, CancellationToken cancellationToken)
    {
        var w = (VaeWork)work;
        var environment = RunEnvironment.Configure(context, w.Resources.ThreadsPerSlot);
        var bank = KernelBank.FromBytes(context.ReadArtifact(w.Bank));
        var layer = bank.Layers[w.LayerIndex];
        var options = UnitOptions.Vae(w, layer.Train.Count);
        using var vae = KernelVae.Create(layer.KernelSize, w.Seed);
        var total = (long)layer.Train.Count * options.Epochs;
        vae.Fit(layer.Train, options, report =>
        {
            context.CountSteps((layer.Train.Count + options.BatchSize - 1) / options.BatchSize);
            context.ReportProgress(new UnitProgress(
                (long)layer.Train.Count * report.Epoch,
                total,
                report.Seconds > 0 ? layer.Train.Count / report.Seconds : 0,
                string.Create(CultureInfo.InvariantCulture, $"epoch {report.Epoch}/{options.Epochs}: loss {report.Loss:F4} per kernel")));
        }, cancellationToken);
        var held = layer.Test.Count > 0 ? layer.Test : layer.Train;
        return new VaeResult
        {
            DataSha256 = bank.Sha256,
            Environment = environment,
            Layer = w.Layer,
            Epochs = options.Epochs,
            Weights = context.WriteArtifact("vae", vae.ToBytes()),
            TrainElbo = vae.Elbo(layer.Train),
            TestElbo = layer.Test.Count > 0 ? vae.Elbo(layer.Test) : double.NaN,
            WhiteNoiseElbo = vae.WhiteNoiseElbo,
            LatentKl = vae.LatentKl(held),
            SampleMedianNorm = vae.Sample(JudgedSamples, w.Seed).MedianNorm(),
            BankMedianNorm = layer.Train.MedianNorm(),
        };
    }
}
