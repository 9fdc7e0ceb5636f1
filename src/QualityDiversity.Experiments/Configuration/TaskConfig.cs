namespace QualityDiversity.Experiments.Configuration;

/// <summary>The <c>task</c> section: which built-in benchmark to solve.</summary>
/// <param name="Name">Task name, e.g. <c>arm</c>, <c>lp-sphere</c>, <c>lp-rastrigin</c>.</param>
/// <param name="Dim">Solution dimension (number of joints for the arm).</param>
public sealed record TaskConfig(string Name, int Dim);
