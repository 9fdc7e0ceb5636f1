namespace QualityDiversity.Experiments.Configuration;

/// <summary>MAP-Elites Gaussian mutation.</summary>
public sealed record GaussianEmitterConfig : EmitterConfig
{
    /// <summary>The <c>type</c> value.</summary>
    public const string TypeName = "gaussian";

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <summary>Standard deviation: one value for every dimension, or one per dimension.</summary>
    public required double[] Sigma { get; init; }
}
