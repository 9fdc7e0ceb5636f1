namespace QualityDiversity.Experiments.Configuration;

/// <summary>A grid archive: either <see cref="Dims"/> equal bins over <see cref="Ranges"/>, or explicit bin <see cref="Edges"/>.</summary>
public sealed record GridArchiveConfig : ArchiveConfig
{
    /// <summary>The <c>type</c> value.</summary>
    public const string TypeName = "grid";

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <summary>Bins per measure axis (null when <see cref="Edges"/> are given).</summary>
    public int[]? Dims { get; init; }

    /// <summary>Range per measure axis; null before resolution means the task's measure ranges.</summary>
    public ValueRange[]? Ranges { get; init; }

    /// <summary>Explicit, strictly increasing bin edges per axis, instead of dims and ranges.</summary>
    public double[][]? Edges { get; init; }
}
