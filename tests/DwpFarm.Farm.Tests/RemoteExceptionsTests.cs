using DwpFarm.Grains.Interfaces.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;

namespace DwpFarm.Farm.Tests;

/// <summary>
/// Errors as Orleans' own serializer sends them between silos: a grain storage failure on PostgreSQL (an
/// <see cref="OrleansException"/> around the driver's error) must reach the calling silo as itself.
/// </summary>
public sealed class RemoteExceptionsTests
{
    [Fact]
    public void A_grain_storage_error_from_PostgreSQL_reaches_the_caller_as_itself()
    {
        var copy = RoundTrip(StorageError(), RemoteExceptions.Allow);

        Assert.IsType<OrleansException>(copy);
        Assert.Contains("ReadStateAsync", copy.Message, StringComparison.Ordinal);
        var inner = Assert.IsType<PostgresException>(copy.InnerException);
        Assert.Contains("remaining connection slots are reserved", inner.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_driver_s_namespace_the_error_itself_cannot_be_sent()
    {
        // What the cluster met before: the caller got a codec error in place of the database's.
        var ex = Assert.Throws<CodecNotFoundException>(() => RoundTrip(StorageError(), _ => { }));
        Assert.Contains(typeof(PostgresException).FullName!, ex.Message, StringComparison.Ordinal);
    }

    private static OrleansException StorageError() => new(
        "Error from storage provider AdoNetGrainStorage.unit during ReadStateAsync for grain sourcerun/s/source/0049",
        new PostgresException("remaining connection slots are reserved for non-replication superuser connections", "FATAL", "FATAL", "53300"));

    private static Exception RoundTrip(Exception error, Action<ExceptionSerializationOptions> configure)
    {
        var services = new ServiceCollection().AddSerializer().Configure(configure).BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        return serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(error))
            ?? throw new InvalidOperationException("the serializer gave back null");
    }
}
