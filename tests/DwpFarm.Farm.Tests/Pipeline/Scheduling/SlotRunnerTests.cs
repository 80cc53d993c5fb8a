using DwpFarm.Dwp;
using DwpFarm.Dwp.Torch;
using DwpFarm.Pipeline.Scheduling;

namespace DwpFarm.Farm.Tests.Pipeline.Scheduling;

public sealed class SlotRunnerTests
{
    [Fact]
    public void Results_come_back_in_item_order_and_each_slot_has_its_own_torch_thread_count()
    {
        var results = SlotRunner.Run(Enumerable.Range(0, 6).ToArray(), slots: 2, threadsPerSlot: 1, (i, _) => (i, TorchThreads.Current));

        Assert.Equal(Enumerable.Range(0, 6), results.Select(r => r.i));
        Assert.All(results, r => Assert.Equal(1, r.Current));
    }

    [Fact]
    public void A_slot_keeps_its_thread_count_when_another_slot_sets_a_different_one_later()
    {
        using var firstSet = new ManualResetEventSlim();
        using var secondSet = new ManualResetEventSlim();
        var seen = SlotRunner.Run([1, 2], slots: 2, threadsPerSlot: 1, (item, ct) =>
        {
            if (item == 1)
            {
                firstSet.Set();
                Assert.True(secondSet.Wait(TimeSpan.FromSeconds(30), ct), "the other slot never set its thread count");
                return TorchThreads.Current;
            }

            Assert.True(firstSet.Wait(TimeSpan.FromSeconds(30), ct), "the first slot never started");
            TorchThreads.ConfigureCurrentThread(2);
            secondSet.Set();
            return TorchThreads.Current;
        });

        Assert.Equal([1, 2], seen);
    }

    [Fact]
    public void The_first_failure_is_rethrown_as_is()
    {
        var ex = Assert.Throws<DwpException>(() => SlotRunner.Run([1, 2, 3], slots: 2, threadsPerSlot: 1, (i, _) =>
            i == 2 ? throw new DwpException("unit 2 failed") : i));

        Assert.Equal("unit 2 failed", ex.Message);
        Assert.Throws<DwpException>(() => SlotRunner.Run([1], slots: 0, threadsPerSlot: 1, (i, _) => i));
    }
}
