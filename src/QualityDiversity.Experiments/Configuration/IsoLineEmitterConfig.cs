namespace QualityDiversity.Experiments.Configuration;

/// <summary>Iso+LineDD variation.</summary>
public sealed record IsoLineEmitterConfig : EmitterConfig
{
    /// <summary>The <c>type</c> value.</summary>
    public const string TypeName = "iso_line";

    /// <summary>Default isotropic standard deviation.</summary>
    public const double DefaultIsoSigma = 0.01;

    /// <summary>Default standard deviation along the line between parents.</summary>
    public const double DefaultLineSigma = 0.2;

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <summary>Isotropic standard deviation.</summary>
    public double IsoSigma { get; init; } = DefaultIsoSigma;

    /// <summary>Standard deviation along the line between the two parents.</summary>
    public double LineSigma { get; init; } = DefaultLineSigma;
}
