using DwpFarm.Grains.Interfaces;
using DwpFarm.Grains.Interfaces.Units;

namespace DwpFarm.Pipeline.Local;

/// <summary>
/// One fit of a <see cref="VaeEpochCurve"/>: <see cref="Epochs"/> epochs (<see cref="Steps"/> Adam steps) over the
/// front's <see cref="TrainKernels"/> training kernels of <see cref="Bank"/>, scored on its <see cref="TestKernels"/> held-out ones.
/// </summary>
public sealed record VaeEpochPoint(int Front, string Layer, int Epochs, long Steps, int TrainKernels, int TestKernels, ArtifactRef Bank, long Seed, VaeResult Result);
