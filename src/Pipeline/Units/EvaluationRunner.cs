using System.Globalization;
using DwpFarm.Data;
using DwpFarm.Dwp;
using DwpFarm.Dwp.Bayes;
using DwpFarm.Dwp.Evaluation;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Vae;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Plan;
using Device = TorchSharp.torch.Device;

namespace DwpFarm.Pipeline.Units;

/// <summary>
/// One evaluation unit. Init mode: a target net initialised by one method, test accuracy every K steps.
/// Bayes mode: variational training under one prior, scored by a Monte Carlo ensemble after the last step; a
/// NaN or infinite KL or loss throws <see cref="Dwp.DwpException"/>, which fails the unit for good.
/// </summary>
public sealed class EvaluationRunner(SpecDataSets data) : IUnitRunner
{
    public string Kind => UnitKind.Evaluation;

    public UnitResult Run(UnitWork work, IUnitRunContext context, CancellationToken cancellationToken)
    {
        var w = (EvaluationWork)work;
        var environment = RunEnvironment.Configure(context, w);
        var device = RunEnvironment.Device(context);
        var mnist = data.Mnist(w.Spec);
        var result = new EvaluationResult
        {
            DataSha256 = mnist.Sha256,
            Environment = environment,
            Mode = w.Spec.Mode,
            Method = w.Method,
            TrainSize = w.TrainSize,
            Seed = (int)w.Seed,
            Steps = [],
            Accuracy = [],
        };
        var vaes = new List<KernelVae>();

        // A front's parts are read only for a method or prior that draws on them (FrontInputs).
        KernelPrior? Front(FrontInputs needs) => KernelPrior.Load(
            needs,
            () => w.Bank is { } bank ? data.Bank(bank.Sha256, () => context.ReadArtifact(bank)) : throw new DwpException($"{w.UnitId} draws on the kernel bank, but its work names none"),
            () =>
            {
                vaes.AddRange(w.Vaes.Select(v => KernelVae.FromBytes(context.ReadArtifact(v), device)));
                return vaes;
            });
        var counted = 0L;
        void Progress(long step, long steps, string message)
        {
            // Progress comes every few steps (accuracy points, or bayes reports): count the steps since the last.
            context.CountSteps((int)(step - counted));
            counted = step;
            var batch = Math.Min(w.Spec.Batch, w.TrainSize);
            context.ReportProgress(new UnitProgress(step * batch, steps * batch, 0, string.Create(CultureInfo.InvariantCulture, $"step {step}/{steps}: {message}")));
        }

        try
        {
            return w.Spec.Mode == EvaluationMode.Bayes
                ? RunBayes(w, mnist, result, Front, Progress, device, cancellationToken)
                : RunInit(w, mnist, result, Front, Progress, device, cancellationToken);
        }
        finally
        {
            vaes.ForEach(v => v.Dispose());
        }
    }

    private static EvaluationResult RunBayes(
        EvaluationWork w, MnistData mnist, EvaluationResult result, Func<FrontInputs, KernelPrior?> front, Action<long, long, string> progress, Device device, CancellationToken cancellationToken)
    {
        var kind = UnitOptions.Prior(w);
        var options = UnitOptions.Bayes(w);
        var prior = front(UnitOptions.Inputs(w));

        var run = BayesTrainer.Run(
            mnist.Train, mnist.Test, WeightPriors.Create(kind, prior, w.Spec.DwpKernels), prior, options, w.Seed,
            p => progress(p.Step, p.Steps, string.Create(CultureInfo.InvariantCulture, $"NLL {p.Nll:F1}, KL {p.Kl:F1}")), device, cancellationToken);
        return result with
        {
            Steps = [options.Steps],
            Accuracy = [run.EnsembleAccuracy],
            MeanAccuracy = run.MeanAccuracy,
            FinalKl = run.FinalKl,
            FinalNll = run.FinalNll,
            Kernels = [.. run.Kernels.Select(k => new KernelShape(k.MedianNorm, k.MeanAbsCosine))],
        };
    }

    private static EvaluationResult RunInit(
        EvaluationWork w, MnistData mnist, EvaluationResult result, Func<FrontInputs, KernelPrior?> front, Action<long, long, string> progress, Device device, CancellationToken cancellationToken)
    {
        var method = UnitOptions.Method(w);
        var options = UnitOptions.Init(w);
        var prior = front(UnitOptions.Inputs(w));

        var curve = InitComparisonRunner.Run(mnist.Train, mnist.Test, method, prior, options, w.Seed, point =>
            progress(point.Step, options.Steps, string.Create(CultureInfo.InvariantCulture, $"test accuracy {point.Accuracy:F4}")), device, cancellationToken);
        return result with
        {
            Steps = [.. curve.Points.Select(p => p.Step)],
            Accuracy = [.. curve.Points.Select(p => p.Accuracy)],
        };
    }
}
