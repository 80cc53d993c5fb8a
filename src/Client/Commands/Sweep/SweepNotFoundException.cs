using DwpFarm.Dwp;

namespace DwpFarm.Client.Commands.Sweep;

/// <summary>No sweep has this id.</summary>
public sealed class SweepNotFoundException(string sweepId)
    : DwpException($"no sweep '{sweepId}' (see `dwpfarm sweep list`)");
