using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DwpFarm.Data;
using SourceTrainer = DwpFarm.Dwp.Training.SourceTrainer;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Plan;
using DwpFarm.Pipeline.Units;

namespace DwpFarm.Pipeline.Local;

/// <summary>
/// Source nets the lab trained before, kept in the data folder under a key of everything that decides their
/// weights: the source spec but for the number of nets, the unit's seed and threads, the letters' SHA-256, and the
/// training's numerics (<see cref="SourceTrainer.Numerics"/>: its version, the torch libraries, the processor
/// architecture). A front search that varies only the bank or the VAEs then trains its sources once, and so does a
/// rebuild that leaves training as it was; a run is deterministic for that key, so a reused net is the one training
/// would give, bit for bit. A change to training bumps <see cref="SourceTrainer.NumericsVersion"/> (a test pins the
/// training code to that version).
/// </summary>
public sealed class SourceRunCache(string folder)
{
    private const string ResultFile = "result.json";
    private const string ModelFile = "model.bin";

    // Not the assemblies' module ids: those change with any edit to the ML core or the pipeline, and a source of the
    // authors' recipe costs most of an hour.
    private static readonly string Numerics = SourceTrainer.Numerics;

    public string Folder => folder;

    /// <summary>The lab's cache in a data folder.</summary>
    public static SourceRunCache In(DataRoot root) => new(Path.Combine(root.Path, "lab", "sources"));

    /// <summary>
    /// The stored run for this work, its model put into <paramref name="artifacts"/>; null when there is none or
    /// it is damaged (then it is dropped and the net trained again).
    /// </summary>
    public SourceRunResult? Find(SourceRunWork work, string dataSha256, MemoryArtifacts artifacts)
    {
        var entry = EntryOf(work, dataSha256);
        if (!Directory.Exists(entry))
        {
            return null;
        }

        try
        {
            var result = JsonSerializer.Deserialize<SourceRunResult>(File.ReadAllBytes(Path.Combine(entry, ResultFile)))
                ?? throw new JsonException("empty result");
            var model = artifacts.Put(result.Model.Kind, File.ReadAllBytes(Path.Combine(entry, ModelFile)));
            if (model.Sha256 != result.Model.Sha256 || model.Size != result.Model.Size || result.DataSha256 != dataSha256)
            {
                throw new InvalidDataException("the model's bytes do not match its record");
            }

            return result;
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidDataException or NotSupportedException)
        {
            AtomicFolder.Delete(entry);
            return null;
        }
    }

    public void Store(SourceRunWork work, SourceRunResult result, byte[] model)
    {
        AtomicFolder.Create(EntryOf(work, result.DataSha256), temp =>
        {
            File.WriteAllBytes(Path.Combine(temp, ModelFile), model);
            File.WriteAllBytes(Path.Combine(temp, ResultFile), JsonSerializer.SerializeToUtf8Bytes(result));
        });
        File.Delete(PartialOf(work, result.DataSha256));
    }

    /// <summary>Keeps the latest epoch-end checkpoint of a run in progress, so that a stopped lab resumes it there.</summary>
    public void StorePartial(SourceRunWork work, string dataSha256, int epoch, byte[] checkpoint)
    {
        var path = PartialOf(work, dataSha256);
        Directory.CreateDirectory(folder);
        using var content = new MemoryStream();
        using (var writer = new BinaryWriter(content, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(epoch);
            writer.Write(checkpoint.Length);
            writer.Write(checkpoint);
        }

        AtomicFile.Write(path, content.ToArray());
    }

    /// <summary>
    /// The work resumed from its kept epoch checkpoint (put into <paramref name="artifacts"/>), or the work as it was
    /// when none is kept; a damaged one is dropped, and the run then starts over (the trainer refuses foreign bytes).
    /// </summary>
    public (SourceRunWork Work, int Epochs) Resume(SourceRunWork work, string dataSha256, MemoryArtifacts artifacts)
    {
        var path = PartialOf(work, dataSha256);
        if (!File.Exists(path))
        {
            return (work, 0);
        }

        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            var epoch = reader.ReadInt32();
            var checkpoint = reader.ReadBytes(reader.ReadInt32());
            _ = Dwp.Training.SourceCheckpoint.Read(checkpoint);
            var artifact = artifacts.Put("checkpoint", checkpoint);
            return (work with { Checkpoint = artifact, CompletedEpochs = epoch, Checkpoints = [] }, epoch);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or Dwp.DwpException)
        {
            File.Delete(path);
            return (work, 0);
        }
    }

    private string PartialOf(SourceRunWork work, string dataSha256) => EntryOf(work, dataSha256) + ".partial";

    private string EntryOf(SourceRunWork work, string dataSha256)
    {
        // What training reads (UnitOptions.Source, the letters): net i's seed derives from its index and front, and
        // the number of nets does not change net i, so a sweep with more sources reuses the ones it shares.
        // The threads the run uses (its slots × threads per slot) keep the old key's name, so kept runs of one slot stay found.
        var decisive = new { Spec = work.Spec with { Count = 0 }, work.Seed, ThreadsPerSlot = UnitSlots.Threads(work), DataSha256 = dataSha256, Numerics };
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(decisive))));
        return Path.Combine(folder, key[..32]);
    }
}
