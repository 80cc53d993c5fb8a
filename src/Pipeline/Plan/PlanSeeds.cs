using DwpFarm.Dwp.Common;
using DwpFarm.Grains.Interfaces.Specs;

namespace DwpFarm.Pipeline.Plan;

/// <summary>
/// Every unit's seed, derived in this one place from the seeds the spec names, so the farm and the lab run
/// the same numbers. Each stage has its own stream: source run i and VAE layer l never share a state with
/// each other or with the bank's split, whatever seeds the spec gives them.
/// </summary>
public static class PlanSeeds
{
    private const long SourceStream = 20;
    private const long BankStream = 21;
    private const long VaeStream = 22;
    private const long RestartStream = 24;

    // Front 0 keeps the seeds of a sweep with one front; every other front has its own.
    public static long Source(SourceSpec spec, int index, int front = 0) =>
        front == 0 ? Seeds.Derive(spec.Seed, SourceStream, index) : Seeds.Derive(spec.Seed, SourceStream, index, front);

    public static long Bank(BankSpec spec, int front = 0) =>
        front == 0 ? Seeds.Derive(spec.Seed, BankStream) : Seeds.Derive(spec.Seed, BankStream, front);

    public static long Vae(VaeSpec spec, int layerIndex, int front = 0) =>
        front == 0 ? Seeds.Derive(spec.Seed, VaeStream, layerIndex) : Seeds.Derive(spec.Seed, VaeStream, layerIndex, front);

    /// <summary>Restart r of a VAE fit; the first is the unit's own seed.</summary>
    public static long VaeRestart(long vaeSeed, int restart) => restart == 0 ? vaeSeed : Seeds.Derive(vaeSeed, RestartStream, restart);

    /// <summary>
    /// Evaluation seed s is the target run's seed as it is: seed s of every method draws the same training subset
    /// and batch order, so the methods are compared on equal terms.
    /// </summary>
    public static long Evaluation(int seed) => seed;
}
