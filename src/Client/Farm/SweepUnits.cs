using DwpFarm.Grains.Interfaces.Specs;

namespace DwpFarm.Client.Farm;

internal static class SweepUnits
{
    public static int Evaluations(SweepSpec spec) => spec.Evaluation.TrainSizes.Count * spec.Evaluation.Methods.Count * spec.Evaluation.Seeds;
}
