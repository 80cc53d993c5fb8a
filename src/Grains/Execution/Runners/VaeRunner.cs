using System.Globalization;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Vae;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Grains.Execution.Runners;

/// <summary>Fits one conv layer's kernel VAE on the bank and scores it on the held-out kernels.</summary>
public sealed class VaeRunner : IUnitRunner
{
    public string Kind => UnitKind.Vae;

    public UnitResult Run(UnitWork work, IUnitRunContext context, CancellationToken cancellationToken)
    {
        var w = (VaeWork)work;
        var environment = RunEnvironment.Configure(context, w.Resources.ThreadsPerSlot);
        var bank = KernelBank.FromBytes(context.ReadArtifact(w.Bank));
        var layer = bank.Layers[w.Layer == "conv1" ? 0 : 1];
        var options = new KernelVaeOptions { Epochs = w.Spec.Epochs, BatchSize = w.Spec.Batch, LearningRate = w.Spec.Lr, Seed = w.Seed };
        using var vae = KernelVae.Create(layer.KernelSize, w.Seed);
        var total = (long)layer.Train.Count * options.Epochs;
        vae.Fit(layer.Train, options, report => context.ReportProgress(new UnitProgress(
            (long)layer.Train.Count * report.Epoch,
            total,
            report.Seconds > 0 ? layer.Train.Count / report.Seconds : 0,
            string.Create(CultureInfo.InvariantCulture, $"epoch {report.Epoch}/{options.Epochs}: loss {report.Loss:F4} per kernel"))), cancellationToken);
        return new VaeResult
        {
            DataSha256 = bank.Sha256,
            Environment = environment,
            Layer = w.Layer,
            Weights = context.WriteArtifact("vae", vae.ToBytes()),
            TrainElbo = vae.Elbo(layer.Train),
            TestElbo = layer.Test.Count > 0 ? vae.Elbo(layer.Test) : double.NaN,
        };
    }
}
