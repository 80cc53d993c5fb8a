using DwpFarm.Dwp.Bayes;
using DwpFarm.Dwp.Initialization;
using DwpFarm.Vocabulary;

namespace DwpFarm.Dwp.Tests.Concurrency;

/// <summary>
/// Every value of <see cref="InitMethod"/> and <see cref="WeightPriorKind"/> runs in the stress pipeline through the
/// real factories, each with only the parts of the front it says it draws on: a value forgotten in any factory, or
/// one that draws on a part it does not declare, fails here rather than in a sweep.
/// </summary>
public sealed class EveryArmTests
{
    [Fact]
    public void Every_initialiser_and_every_prior_runs_in_the_stress_pipeline()
    {
        var print = StressPipeline.Run();

        foreach (var method in Enum.GetValues<InitMethod>())
        {
            Assert.Contains($"init-{method.ToString().ToLowerInvariant()}=", print, StringComparison.Ordinal);
        }

        foreach (var kind in Enum.GetValues<WeightPriorKind>())
        {
            Assert.Contains($"bayes-{SpecName.Of(kind)}=", print, StringComparison.Ordinal);
        }
    }
}
