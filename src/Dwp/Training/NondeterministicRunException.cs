namespace DwpFarm.Dwp.Training;

/// <summary>
/// A run stopped on a non-finite loss, and a rerun with the same inputs and seed did not: the computation is not
/// deterministic, which is a defect to find, never a result. Not a <see cref="DwpException"/>, so the farm treats
/// the attempt as transient instead of failing the unit for good.
/// </summary>
public sealed class NondeterministicRunException(string message, NonFiniteLossException first) : Exception(message, first);
