using DwpFarm.Dwp.Kernels;

namespace DwpFarm.Pipeline.Trajectory;

/// <summary>
/// One epoch of a source's trajectory: its learning rate, loss and accuracies as the epoch report has them, and its
/// kernels' statistics at the epoch's end (conv1's, then conv2's, over every kernel of the net).
/// </summary>
public sealed record TrajectoryPoint(int Epoch, double LearningRate, double Loss, double TrainAccuracy, double TestAccuracy, double Seconds, IReadOnlyList<KernelStatistics> Layers);
