using DwpFarm.Dwp.Common;
using DwpFarm.Dwp.Models;
using DwpFarm.Dwp.Torch;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Training;

/// <summary>
/// A source run frozen at an epoch end: its options, finished epochs, model weights and Adam state.
/// Serialised in a <see cref="SealedBytes"/> envelope; <see cref="Read"/> turns any corruption into a
/// <see cref="DwpException"/>.
/// </summary>
public sealed class SourceCheckpoint
{
    // 03: the L2 scope and the decay schedule are options. 02: no wall-clock seconds (a checkpoint is a function of its
    // options and seed, so its hash is too) and our own Adam state. Earlier checkpoints cannot resume a run, whose
    // settings they do not fully record; the farm starts such a run over.
    private const string Magic = "DWPSRC03";
    private static readonly string[] EarlierMagics = ["DWPSRC01", "DWPSRC02"];
    private const string What = "source checkpoint";

    private SourceCheckpoint(SourceTrainingOptions options, IReadOnlyList<SourceEpochReport> epochs, byte[] model, byte[] optimizer)
    {
        Options = options;
        Epochs = epochs;
        ModelState = model;
        OptimizerState = optimizer;
    }

    public SourceTrainingOptions Options { get; }

    public IReadOnlyList<SourceEpochReport> Epochs { get; }

    internal byte[] ModelState { get; }

    internal byte[] OptimizerState { get; }

    internal static byte[] Write(SourceTrainingOptions options, IReadOnlyList<SourceEpochReport> epochs, FConvMnist model, ScheduledAdam optimizer)
        => SealedBytes.Seal(Magic, writer =>
        {
            writer.Write(options.Widths.Conv1);
            writer.Write(options.Widths.Conv2);
            writer.Write(options.Epochs);
            writer.Write(options.BatchSize);
            writer.Write(options.LearningRate);
            writer.Write(options.ConvL2);
            writer.Write(options.L2Biases);
            writer.Write((int)options.LrDecay);
            writer.Write(options.Seed);
            writer.Write(epochs.Count);
            foreach (var e in epochs)
            {
                writer.Write(e.Epoch);
                writer.Write(e.Loss);
                writer.Write(e.TrainAccuracy);
                writer.Write(e.TestAccuracy);
                writer.Write(e.Samples);
            }

            NestedBytes.Write(writer, w => ModuleState.Write(w, model));
            NestedBytes.Write(writer, optimizer.Save);
        });

    /// <summary>A checkpoint written by a build before the current format, which <see cref="Read"/> refuses.</summary>
    public static bool IsEarlierFormat(byte[] bytes)
        => EarlierMagics.Any(m => bytes.AsSpan().StartsWith(System.Text.Encoding.ASCII.GetBytes(m)));

    public static SourceCheckpoint Read(byte[] bytes)
        => SealedBytes.Open(bytes, Magic, What, reader =>
        {
            var widths = new FConvWidths(reader.ReadInt32(), reader.ReadInt32());
            var options = new SourceTrainingOptions
            {
                Widths = widths,
                Epochs = reader.ReadInt32(),
                BatchSize = reader.ReadInt32(),
                LearningRate = reader.ReadDouble(),
                ConvL2 = reader.ReadDouble(),
                L2Biases = reader.ReadBoolean(),
                LrDecay = ReadDecay(reader.ReadInt32()),
                Seed = reader.ReadInt64(),
            };
            var count = reader.ReadInt32();
            if (count < 0 || count > options.Epochs || widths.Conv1 < 1 || widths.Conv2 < 1)
            {
                throw new InvalidDataException("bad header");
            }

            var epochs = new List<SourceEpochReport>(count);
            for (var i = 0; i < count; i++)
            {
                epochs.Add(new SourceEpochReport(reader.ReadInt32(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadInt64(), Seconds: 0));
            }

            return new SourceCheckpoint(options, epochs, NestedBytes.Read(reader), NestedBytes.Read(reader));
        });

    private static LearningRateDecay ReadDecay(int value)
        => Enum.IsDefined((LearningRateDecay)value) ? (LearningRateDecay)value : throw new InvalidDataException($"learning-rate decay {value}");

    /// <summary>A model with the checkpoint's weights. The caller disposes it.</summary>
    public FConvMnist LoadModel()
    {
        using var generator = new Generator(0);
        var model = new FConvMnist(Options.Widths, generator);
        try
        {
            LoadInto(model);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    internal void LoadInto(FConvMnist model) => Guard(() => NestedBytes.ReadAll(ModelState, r => ModuleState.Read(r, model)));

    internal void LoadInto(ScheduledAdam optimizer) => Guard(() => NestedBytes.ReadAll(OptimizerState, optimizer.Load));

    private static void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is not DwpException)
        {
            throw new DwpException($"{What}: unreadable content ({ex.Message})", ex);
        }
    }
}
