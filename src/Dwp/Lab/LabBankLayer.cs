namespace DwpFarm.Dwp.Lab;

/// <summary>One bank layer.</summary>
public sealed record LabBankLayer(int KernelSize, int Train, int Test, int Pruned, double MedianNorm);
