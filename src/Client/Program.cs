using DwpFarm.Client;
using DwpFarm.Client.Infrastructure;
using DwpFarm.Dwp;
using DwpFarm.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

var services = new ServiceCollection();
var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    // Redirected output is read by scripts: do not wrap long lines at 80 columns.
    console.Profile.Width = 4096;
}

services.AddSingleton(console);

var app = new CommandApp(new TypeRegistrar(services));
app.Configure(config =>
{
    config.SetApplicationName("dwpfarm");
    config.PropagateExceptions();
    config.UseStrictParsing();
    CommandTable.Register(config);
});

try
{
    return await app.RunAsync(args);
}
catch (Exception ex) when (ex is DwpException or FarmDatabaseException or IOException or UnauthorizedAccessException)
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
