using DwpFarm.Client.Reports;
using DwpFarm.Client.Specs;
using DwpFarm.Grains.Interfaces.Specs;
using DwpFarm.Pipeline.Local;
using DwpFarm.Pipeline.Specs;
using DwpFarm.Pipeline.Units;

namespace DwpFarm.Client.Commands.Lab;

/// <summary>What a lab command runs on: its spec (of <c>--spec</c> or of the flags) and that spec's text, slots, data and source cache.</summary>
internal sealed record LabInputs(SweepSpec Spec, string Text, int Slots, SpecDataSets Data, SourceRunCache? Sources)
{
    /// <summary>Reads the spec, refuses an unwritable <c>--out</c> before any work, and makes the letters the sources train on.</summary>
    public static async Task<LabInputs> LoadAsync(LabCommandSettings options, ISpecEnvironment environment, Action<string> log, CancellationToken cancellationToken)
    {
        var built = options.Spec is null ? options.BuildSpec() : null;
        // The settings' validation has already held a built spec to its rules.
        var (spec, text) = built is null ? await SweepSpecReader.LoadAsync(options.Spec!, environment, cancellationToken) : (built, SweepSpecWriter.ToYaml(built));
        if (options.Out is { } folder)
        {
            // Refused now, not after the run.
            ReportFolder.EnsureWritable(folder);
        }

        var data = new SpecDataSets(options.Root);
        if (spec.Bank.Import is null)
        {
            // A published bank needs no source nets, so no letters.
            data.Letters(spec.Source, log);
        }

        return new LabInputs(spec, text, options.Slots ?? Environment.ProcessorCount, data, options.NoCache ? null : SourceRunCache.In(options.Root));
    }
}
