using DwpFarm.Pipeline.Specs;
using Spectre.Console;

namespace DwpFarm.Client.Commands.Lab;

/// <summary>
/// <c>dwpfarm lab init-compare</c>: the init-mode experiment in this process (source nets on letters → kernel
/// bank → VAEs → target runs per initialiser on MNIST), then mean ± std test accuracy per initialiser.
/// </summary>
public sealed class InitCompareCommand(IAnsiConsole console, ISpecEnvironment environment) : LabCommand<InitCompareSettings>(console, environment);
