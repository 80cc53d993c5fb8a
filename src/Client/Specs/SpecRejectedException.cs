using DwpFarm.Grains.Interfaces.Specs;

namespace DwpFarm.Client.Specs;

/// <summary>A spec that failed validation; every problem is printed, one per line.</summary>
public sealed class SpecRejectedException(string path, IReadOnlyList<SpecError> errors)
    : Exception($"{path}: {errors.Count} problem(s) in the sweep spec")
{
    public IReadOnlyList<SpecError> Errors { get; } = errors;
}
