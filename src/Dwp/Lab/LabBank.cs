namespace DwpFarm.Dwp.Lab;

/// <summary>The bank: its hash and, per layer, kernels kept for training and testing and pruned.</summary>
public sealed record LabBank(string Sha256, IReadOnlyList<LabBankLayer> Layers);
