namespace DwpFarm.Grains.Interfaces.Units;

/// <summary>One comparison training. Keyed <c>{sweep}/eval/{method}/n{size}/s{seed}</c>.</summary>
[Alias("dwp.IEvaluationGrain")]
public interface IEvaluationGrain : IUnitGrain;
