namespace QualityDiversity.Experiments.Configuration;

/// <summary>A closed interval [<paramref name="Low"/>, <paramref name="High"/>] of one measure axis.</summary>
/// <param name="Low">Lower end.</param>
/// <param name="High">Upper end.</param>
public readonly record struct ValueRange(double Low, double High);
