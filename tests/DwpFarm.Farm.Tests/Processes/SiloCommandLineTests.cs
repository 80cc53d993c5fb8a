using System.Net;
using System.Net.Sockets;

namespace DwpFarm.Farm.Tests.Processes;

/// <summary>The silo binary as an operator meets it: asking for help, and a port another program holds.</summary>
public sealed class SiloCommandLineTests : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);
    private readonly string _root = Directory.CreateTempSubdirectory("dwpfarm-silo-cli-").FullName;

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_prints_the_settings_and_starts_no_silo(string help)
    {
        await using var silo = new SiloProcess(_root) { Arguments = [help] };

        var code = await RunToExitAsync(silo);

        Assert.Equal(0, code);
        Assert.StartsWith("Usage: dwpfarm silo [--Section:Key=value ...]", silo.Output, StringComparison.Ordinal);
        Assert.Contains("Farm:SiloPort", silo.Output, StringComparison.Ordinal);
        Assert.Contains("Farm:GatewayPort", silo.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }

    [Theory]
    [InlineData(true, "Farm:SiloPort")]
    [InlineData(false, "Farm:GatewayPort")]
    public async Task A_taken_port_exits_1_with_one_line_naming_it_and_its_setting(bool siloPort, string setting)
    {
        await using var silo = new SiloProcess(_root);
        var port = siloPort ? silo.SiloPort : silo.GatewayPort;
        using var squatter = new TcpListener(IPAddress.Loopback, port);
        squatter.Start();

        var code = await RunToExitAsync(silo);

        Assert.Equal(1, code);
        Assert.Equal($"dwpfarm-silo: error: port {port} ({setting}) is already in use; stop what holds it or set {setting} to a free port (--{setting}=PORT)", silo.Errors.Trim());
    }

    [Fact]
    public async Task A_taken_http_port_exits_1_with_one_line_naming_the_address_and_the_urls_setting()
    {
        await using var silo = new SiloProcess(_root);
        using var squatter = new TcpListener(IPAddress.Loopback, silo.HttpPort);
        squatter.Start();

        var code = await RunToExitAsync(silo);

        Assert.Equal(1, code);
        Assert.Equal($"dwpfarm-silo: error: Failed to bind to address http://127.0.0.1:{silo.HttpPort}: address already in use; stop what holds it or set Urls (--Urls=http://127.0.0.1:PORT)", silo.Errors.Trim());
    }

    [Fact]
    public async Task A_second_silo_on_the_same_sqlite_file_is_refused_until_the_first_is_gone()
    {
        // Both would be the only member of a localhost cluster on one membership table: Orleans then fails later and obscurely.
        await using var first = new SiloProcess(_root);
        await first.StartAsync(ExitTimeout);
        await using var second = new SiloProcess(_root);

        var code = await RunToExitAsync(second);

        Assert.Equal(1, code);
        var database = Path.Combine(_root, "farm.db");
        Assert.Equal(
            $"dwpfarm-silo: error: the database {database} is in use by another silo (an in-process `dwpfarm demo` or `bench farm`, or `dwpfarm silo`): stop it, or give this one another data folder (--data, DWPFARM_DATA or Farm:DataRoot)",
            second.Errors.Trim());

        // The kernel drops the lock with its holder, even one killed without a chance to clean up.
        await first.KillAsync();
        await using var third = new SiloProcess(_root);
        await third.StartAsync(ExitTimeout);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private static async Task<int> RunToExitAsync(SiloProcess silo)
    {
        try
        {
            return await silo.RunToExitAsync(ExitTimeout);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"the silo was expected to exit within {ExitTimeout} but kept running:\n{silo.Output}");
        }
    }
}
