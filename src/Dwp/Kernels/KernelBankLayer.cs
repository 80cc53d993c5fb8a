namespace DwpFarm.Dwp.Kernels;

/// <summary>One conv layer of a bank: the kept kernels split into train and test, and how many were pruned.</summary>
public sealed record KernelBankLayer(int Index, KernelSet Train, KernelSet Test, int Pruned, double Threshold)
{
    public int KernelSize => Train.KernelSize;

    public int Kept => Train.Count + Test.Count;
}
