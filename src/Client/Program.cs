using DwpFarm.Client;
using DwpFarm.Client.Infrastructure;
using DwpFarm.Dwp;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

var services = new ServiceCollection();
services.AddSingleton(AnsiConsole.Console);

var app = new CommandApp(new TypeRegistrar(services));
app.Configure(config =>
{
    config.SetApplicationName("dwpfarm");
    config.PropagateExceptions();
    CommandTable.Register(config);
});

try
{
    return await app.RunAsync(args);
}
catch (DwpException ex)
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
