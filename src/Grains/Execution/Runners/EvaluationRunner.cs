using System.Globalization;
using DwpFarm.Dwp.Evaluation;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Dwp.Models;
using DwpFarm.Dwp.Vae;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Grains.Execution.Runners;

/// <summary>One comparison training: a target net initialised by one method, test accuracy every K steps.</summary>
public sealed class EvaluationRunner(FarmDataSets data) : IUnitRunner
{
    public string Kind => UnitKind.Evaluation;

    public UnitResult Run(UnitWork work, IUnitRunContext context, CancellationToken cancellationToken)
    {
        var w = (EvaluationWork)work;
        var environment = RunEnvironment.Configure(context, w.Resources.ThreadsPerSlot);
        var mnist = data.Mnist(w.Spec);
        var method = Initializers.Parse(w.Method);
        var options = new InitComparisonOptions
        {
            Widths = new FConvWidths(w.Spec.Widths[0], w.Spec.Widths[1]),
            TrainCount = w.TrainSize,
            BatchSize = w.Spec.Batch,
            LearningRate = w.Spec.Lr,
            Steps = w.Spec.Steps,
            EvalEvery = w.Spec.EvalEvery,
        };

        // Only the kernel-based methods need the bank and the VAEs.
        var vaes = new List<KernelVae>();
        try
        {
            KernelPrior? prior = null;
            if (method is InitMethod.Dwp or InitMethod.Filters)
            {
                var bank = data.Bank(w.Bank.Sha256, () => context.ReadArtifact(w.Bank));
                if (method == InitMethod.Dwp)
                {
                    vaes.AddRange(w.Vaes.Select(v => KernelVae.FromBytes(context.ReadArtifact(v))));
                }

                prior = new KernelPrior(bank, vaes);
            }

            var curve = InitComparisonRunner.Run(mnist.Train, mnist.Test, method, prior, options, w.Seed, point =>
                context.ReportProgress(new UnitProgress(
                    (long)point.Step * options.BatchSize,
                    (long)options.Steps * options.BatchSize,
                    0,
                    string.Create(CultureInfo.InvariantCulture, $"step {point.Step}/{options.Steps}: test accuracy {point.Accuracy:F4}"))), cancellationToken);
            return new EvaluationResult
            {
                DataSha256 = mnist.Sha256,
                Environment = environment,
                Method = w.Method,
                TrainSize = w.TrainSize,
                Seed = (int)w.Seed,
                Steps = [.. curve.Points.Select(p => p.Step)],
                Accuracy = [.. curve.Points.Select(p => p.Accuracy)],
            };
        }
        finally
        {
            vaes.ForEach(v => v.Dispose());
        }
    }
}
