namespace DwpFarm.Grains.Execution;

/// <summary>
/// Picks the one silo that exports the cluster-wide queue length, so that <c>sum()</c> over silos counts the
/// queue once: the active member with the lowest address, from each silo's own membership view. While views
/// disagree (a silo joining or dying) two silos or none may export it for a moment.
/// </summary>
public static class QueueReporter
{
    public static bool IsReporter(SiloAddress self, ClusterMembershipSnapshot membership)
    {
        var first = membership.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress)
            .Order()
            .FirstOrDefault();

        // A silo that does not yet see itself active (starting) still reports when it sees no one else.
        return first is null || first.Equals(self);
    }
}
