using DwpFarm.Pipeline.Specs;
using Spectre.Console;

namespace DwpFarm.Client.Commands.Lab;

/// <summary>
/// <c>dwpfarm lab fewshot</c>: the authors' few-shot table in this process (the same front, then variational
/// training under each prior on N MNIST digits), then the ensemble's test accuracy per (prior, N) beside theirs.
/// </summary>
public sealed class FewShotCommand(IAnsiConsole console, ISpecEnvironment environment) : LabCommand<FewShotCommandSettings>(console, environment);
