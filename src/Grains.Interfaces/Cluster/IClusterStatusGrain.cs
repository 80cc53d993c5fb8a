namespace DwpFarm.Grains.Interfaces.Cluster;

/// <summary>Reads cluster capacity from the database; a stateless worker on every silo.</summary>
[Alias("dwp.IClusterStatusGrain")]
public interface IClusterStatusGrain : IGrainWithIntegerKey
{
    [Alias("Get")]
    Task<ClusterStatus> GetAsync();
}
