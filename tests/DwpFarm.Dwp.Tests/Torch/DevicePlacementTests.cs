using DwpFarm.Dwp.Bayes;
using DwpFarm.Dwp.Evaluation;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Dwp.Models;
using DwpFarm.Dwp.Tests.Ml;
using DwpFarm.Dwp.Torch;
using DwpFarm.Dwp.Training;
using DwpFarm.Dwp.Vae;
using TorchSharp;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Tests.Torch;

/// <summary>
/// Every unit trains on the device it is given, checked without a GPU in two halves.
/// <list type="number">
/// <item>libtorch's <c>meta</c> device holds shapes but no values, and in this C++ build has no kernel for conv2d,
/// index_select, where or log_sigmoid and cannot be read on the host, so no unit's step runs there. What it can show
/// runs on it: every model, optimiser state, data set, batch order and noise generator a unit makes lands on a
/// requested meta device, including the Bayesian layers' own parameter fields.</item>
/// <item>The steps themselves run with the process's default device set to <c>meta</c>, the stand-in for "a device
/// nobody chose", while the units are asked for the CPU. A tensor made anywhere without the unit's device lands on
/// meta and the step fails (a mixed-device op, a missing meta kernel, or a host read of a meta tensor); after the
/// steps every parameter, gradient and optimiser state is checked to sit on the requested device. On a GPU the same
/// omission would leave a tensor on the CPU, which this catches before it costs a transfer per step.</item>
/// </list>
/// </summary>
[Collection(DefaultDeviceCollection.Name)]
public sealed class DevicePlacementTests
{
    private static readonly FConvWidths Widths = new(4, 8);

    [Fact]
    public void Models_optimiser_state_data_and_generators_land_on_a_requested_meta_device()
    {
        var meta = TorchDevices.Parse("meta");
        using var generator = new Generator(1);

        using var net = new FConvMnist(Widths, generator);
        Initializers.ApplyBase(net, generator);
        net.MoveTo(meta);
        using var adam = new ScheduledAdam(net.parameters(), 1e-3, decaySteps: null);
        AssertOn(meta, net.parameters().Cast<Tensor>().Concat(net.ConvWeights).Append(net.ClassifierWeight).Concat(adam.State));

        using var bayes = new BayesFConvMnist(Widths, generator).MoveTo(meta);
        using var bayesAdam = new ScheduledAdam(bayes.parameters(), 1e-3, decaySteps: 10);
        AssertOn(meta, bayes.Layers.SelectMany(l => new Tensor[] { l.Mean, l.Spread, l.Bias }).Concat(bayes.parameters()).Concat(bayesAdam.State));

        using var vae = KernelVae.Create(5, seed: 1, meta);
        Assert.Equal(meta.type, vae.Device.type);
        AssertOn(meta, vae.NamedParameters.Values);
        using var restored = KernelVae.FromBytes(KernelVae.Create(7, seed: 2).ToBytes(), meta);
        AssertOn(meta, restored.NamedParameters.Values);

        using var data = new ImageTensors(SyntheticImages.Make(20, 1), meta);
        using var batches = new EpochBatches(20, 8, seed: 1, stream: 1, meta);
        using var batch = batches.Next();
        using var noise = new Generator(1, meta);
        AssertOn(meta, [data.Images, data.Labels, batch]);
        Assert.Equal(DeviceType.META, noise.device.type);
    }

    [Fact]
    public void Source_training_makes_every_tensor_on_its_device()
    {
        var cpu = TorchDevices.Parse("cpu");
        var train = SyntheticImages.Make(64, 1);
        var test = SyntheticImages.Make(16, 2);
        var options = new SourceTrainingOptions { Widths = Widths, Epochs = 2, BatchSize = 16, Seed = 1 };

        var run = OffTheDefaultDevice(() => SourceTrainer.Train(train, test, options, progress: _ => { }, device: cpu));
        Assert.Equal(2, run.Epochs.Count);
        Assert.All(run.Epochs, e => Assert.True(double.IsFinite(e.Loss)));

        // One step by hand, to look at its gradients and the optimiser's state.
        OffTheDefaultDevice(() =>
        {
            using var generator = new Generator(1);
            using var model = new FConvMnist(Widths, generator).MoveTo(cpu);
            using var adam = new ScheduledAdam(model.parameters(), 1e-3, decaySteps: 4);
            using var data = new ImageTensors(train, cpu);
            using var batches = new EpochBatches(train.Count, 16, seed: 1, stream: 2, cpu);
            using var values = new StepValues();
            using var indices = batches.Next();
            ClassifierStep.Run(model, adam, 0, data, indices, model.ConvWeights, l2: 1e-3, values);
            AssertTrained(cpu, model.parameters(), adam);
            double loss = 0;
            long correct = 0;
            ClassifierStep.Read(values, "device test", ref loss, ref correct);
            return loss;
        });
    }

    [Fact]
    public void A_vae_fits_samples_and_scores_on_its_device()
    {
        var cpu = TorchDevices.Parse("cpu");
        var kernels = SyntheticKernels.Make(64, 5, 1);

        OffTheDefaultDevice(() =>
        {
            using var vae = KernelVae.Create(5, seed: 1, cpu);
            var reports = vae.Fit(kernels, new KernelVaeOptions { Epochs = 2, BatchSize = 16, Seed = 3 });
            Assert.All(reports, r => Assert.True(double.IsFinite(r.Loss)));
            AssertOn(cpu, vae.NamedParameters.Values);
            AssertOn(cpu, vae.NamedParameters.Values.Select(p => p.grad).OfType<Tensor>());
            Assert.Equal(100, vae.Sample(100, seed: 1).Count);
            Assert.True(double.IsFinite(vae.Elbo(kernels) + vae.LatentKl(kernels)));
            Assert.Equal(kernels.Count, vae.Reconstruct(kernels).Count);
            return PriorQuality.Measure(vae, new KernelBankLayer(1, kernels, kernels, 0, 0), seed: 1);
        });
    }

    [Fact]
    public void An_init_comparison_initialises_and_trains_on_its_device()
    {
        var cpu = TorchDevices.Parse("cpu");
        var pool = SyntheticImages.Make(80, 1);
        var test = SyntheticImages.Make(20, 2);
        var options = new InitComparisonOptions { Widths = Widths, TrainCount = 60, BatchSize = 16, Steps = 6, EvalSteps = [0, 6] };
        var source = new SourceKernels([SyntheticKernels.Make(40, 7, 1), SyntheticKernels.Make(80, 5, 2)]);
        var bank = KernelBank.Build([source], new KernelBankOptions());
        var vaes = new[] { KernelVae.Create(7, 1, cpu), KernelVae.Create(5, 2, cpu) };
        try
        {
            foreach (var method in new[] { InitMethod.Dwp, InitMethod.Filters, InitMethod.Xavier })
            {
                var curve = OffTheDefaultDevice(() => InitComparisonRunner.Run(pool, test, method, new KernelPrior(bank, vaes), options, seed: 2, device: cpu));
                Assert.Equal([0, 6], curve.Points.Select(p => p.Step));
            }
        }
        finally
        {
            Array.ForEach(vaes, v => v.Dispose());
        }
    }

    [Theory]
    [InlineData(WeightPriorKind.Dwp)]
    [InlineData(WeightPriorKind.Sn)]
    public void A_bayes_run_with_its_prior_trains_and_scores_on_its_device(WeightPriorKind kind)
    {
        var cpu = TorchDevices.Parse("cpu");
        var pool = SyntheticImages.Make(60, 1);
        var test = SyntheticImages.Make(20, 2);
        var vaes = new[] { KernelVae.Create(7, 1, cpu), KernelVae.Create(5, 2, cpu) };
        try
        {
            var options = new BayesOptions { Widths = Widths, TrainCount = 40, BatchSize = 16, Steps = 3, EnsembleSamples = 2, MeanInit = kind == WeightPriorKind.Dwp ? InitMethod.Dwp : InitMethod.Xavier };
            var result = OffTheDefaultDevice(() => BayesTrainer.Run(pool, test, WeightPriors.Create(kind, new KernelPrior(null, vaes), dwpKernelsPerStep: 8), new KernelPrior(null, vaes), options, seed: 1, device: cpu));
            Assert.True(double.IsFinite(result.FinalKl) && double.IsFinite(result.FinalNll));

            // One step by hand, for its gradients and the optimiser's state; the DWP's KL runs through the VAEs.
            OffTheDefaultDevice(() =>
            {
                using var generator = new Generator(1);
                using var model = new BayesFConvMnist(Widths, generator).MoveTo(cpu);
                using var adam = new ScheduledAdam(model.parameters(), 1e-3, decaySteps: 4);
                using var data = new ImageTensors(pool, cpu);
                using var batches = new EpochBatches(pool.Count, 16, seed: 1, stream: 2, cpu);
                using var noise = new Generator(2, cpu);
                using var values = new StepValues();
                using var indices = batches.Next();
                model.SetSampling(stochastic: true, noise);
                BayesTrainer.Step(model, WeightPriors.Create(kind, new KernelPrior(null, vaes), dwpKernelsPerStep: 8), adam, 0, data, indices, scale: 1, klWeight: 1, noise, values);
                AssertTrained(cpu, model.parameters(), adam);
                return values.Read().Single().Values;
            });
        }
        finally
        {
            Array.ForEach(vaes, v => v.Dispose());
        }
    }

    // Runs work with the process's default device set to meta, so anything made without an explicit device fails it.
    private static T OffTheDefaultDevice<T>(Func<T> work)
    {
        torch.set_default_device(torch.META);
        try
        {
            return work();
        }
        finally
        {
            torch.set_default_device(torch.CPU);
        }
    }

    private static void AssertTrained(Device device, IEnumerable<TorchSharp.Modules.Parameter> parameters, ScheduledAdam optimizer)
    {
        var list = parameters.ToList();
        AssertOn(device, list);
        var gradients = list.Select(p => p.grad).OfType<Tensor>().ToList();
        Assert.Equal(list.Count, gradients.Count);
        AssertOn(device, gradients);
        AssertOn(device, optimizer.State);
    }

    private static void AssertOn(Device device, IEnumerable<Tensor> tensors)
    {
        var all = tensors.ToList();
        Assert.NotEmpty(all);
        Assert.All(all, t => Assert.Equal(device.type, t.device_type));
    }
}

/// <summary>The default device is process-wide: tests that change it run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DefaultDeviceCollection
{
    public const string Name = "default device";
}
