namespace DwpFarm.Data.PyTorch;

/// <summary>One float32 tensor of a state dict or array file: its name, shape and values in row-major order.</summary>
public sealed record NamedTensor(string Name, IReadOnlyList<long> Shape, float[] Values);
