using System.Reflection;
using DwpFarm.Hosting;
using DwpFarm.Client;
using DwpFarm.Client.Farm;
using DwpFarm.Client.Infrastructure;
using DwpFarm.Client.Specs;
using DwpFarm.Dwp;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Pipeline.Specs;
using DwpFarm.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    // Redirected output is read by scripts: do not wrap long lines at 80 columns.
    console.Profile.Width = 4096;
}

var services = new ServiceCollection();
services.AddSingleton(console);
services.AddSingleton<ISpecEnvironment, LocalSpecEnvironment>();
services.AddSingleton(TimeProvider.System);
services.AddSingleton<SweepWatcher>();

var app = new CommandApp(new TypeRegistrar(services));
app.Configure(config =>
{
    config.SetApplicationName("dwpfarm");
    // --version prints this: the package version and, in a git checkout, the commit it was built from.
    config.SetApplicationVersion(typeof(CommandTable).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
    config.PropagateExceptions();
    config.UseStrictParsing();
    CommandTable.Register(config);
});

try
{
    return await app.RunAsync(args);
}
catch (SpecRejectedException ex)
{
    await Console.Error.WriteLineAsync($"dwpfarm: error: {ex.Message}");
    foreach (var error in ex.Errors)
    {
        await Console.Error.WriteLineAsync($"  {error}");
    }

    return ExitCodes.Failed;
}
catch (Exception ex) when (ex is ClusterUnreachableException or FarmDatabaseException { Unreachable: true })
{
    await Console.Error.WriteLineAsync($"dwpfarm: error: {ex.Message}");
    return ExitCodes.Unreachable;
}
catch (ClusterSlowException ex)
{
    await Console.Error.WriteLineAsync($"dwpfarm: error: {ex.Message}");
    return ExitCodes.Slow;
}
catch (Exception ex) when (ex is DwpException or FarmDatabaseException or ClusterTlsException or IOException or UnauthorizedAccessException)
{
    await Console.Error.WriteLineAsync($"dwpfarm: error: {ex.Message}");
    return ExitCodes.Failed;
}
catch (CommandParseException ex)
{
    await Console.Error.WriteLineAsync($"dwpfarm: {ex.Message}");
    return ExitCodes.Usage;
}
catch (CommandRuntimeException ex)
{
    await Console.Error.WriteLineAsync($"dwpfarm: {ex.Message}");
    return ExitCodes.Usage;
}
catch (Exception ex) when (Environment.GetEnvironmentVariable("DWPFARM_DEBUG") is null)
{
    // Unexpected: still one line; DWPFARM_DEBUG=1 shows the stack trace.
    await Console.Error.WriteLineAsync($"dwpfarm: error: {ex.GetType().Name}: {ex.Message.Split('\n')[0]} (set DWPFARM_DEBUG=1 for details)");
    return ExitCodes.Failed;
}
