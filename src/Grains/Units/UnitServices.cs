using DwpFarm.Grains.Execution;
using DwpFarm.Storage.Queue;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DwpFarm.Grains.Units;

/// <summary>The services every unit grain needs, injected as one.</summary>
public sealed record UnitServices(WorkQueue Queue, TimeProvider Time, IOptions<SlotOptions> Slots, WorkSignal Signal, ILoggerFactory LoggerFactory);
