namespace DwpFarm.Dwp.Training;

/// <summary>
/// One finished epoch of a source run. <see cref="Seconds"/> is wall time and the only field that is
/// not reproduced by the seed.
/// </summary>
/// <param name="Epoch">1-based.</param>
/// <param name="Loss">Mean training loss (cross-entropy + conv L2) over the epoch's batches.</param>
/// <param name="TrainAccuracy">Accuracy on the training batches as they were seen during the epoch.</param>
/// <param name="TestAccuracy">Accuracy on the held-out set after the epoch.</param>
/// <param name="Samples">Training images processed in the epoch.</param>
/// <param name="Seconds">Wall time of the epoch's training steps (evaluation excluded).</param>
public sealed record SourceEpochReport(int Epoch, double Loss, double TrainAccuracy, double TestAccuracy, long Samples, double Seconds)
{
    public double SamplesPerSecond => Seconds > 0 ? Samples / Seconds : 0;
}
