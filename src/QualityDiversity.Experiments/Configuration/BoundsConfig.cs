namespace QualityDiversity.Experiments.Configuration;

/// <summary>Clipping box for candidate solutions; each side is one value or one per dimension (infinite for an open side).</summary>
/// <param name="Low">Lower bounds.</param>
/// <param name="High">Upper bounds.</param>
public sealed record BoundsConfig(double[] Low, double[] High);
