namespace QualityDiversity.Experiments.Configuration;

/// <summary>An archive over categorical measures: one list of labels per measure axis.</summary>
public sealed record CategoricalArchiveConfig : ArchiveConfig
{
    /// <summary>The <c>type</c> value.</summary>
    public const string TypeName = "categorical";

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <summary>Labels per axis.</summary>
    public required string[][] Labels { get; init; }
}
