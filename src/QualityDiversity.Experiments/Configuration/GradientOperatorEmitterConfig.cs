namespace QualityDiversity.Experiments.Configuration;

/// <summary>
/// A gradient-operator emitter (OG-MAP-Elites, OMG-MEGA): perturbed elites take one step along
/// their objective gradient, or along random combinations of objective and measure gradients.
/// Needs a task with gradients.
/// </summary>
public sealed record GradientOperatorEmitterConfig : EmitterConfig
{
    /// <summary>The <c>type</c> value.</summary>
    public const string TypeName = "gradient_operator";

    /// <summary>Default batch size (pyribs').</summary>
    public const int DefaultOperatorBatchSize = 64;

    /// <summary>The <c>operator_type</c> of an isotropic Gaussian perturbation.</summary>
    public const string Isotropic = "isotropic";

    /// <summary>The <c>operator_type</c> of an Iso+LineDD perturbation.</summary>
    public const string IsoLine = "iso_line";

    /// <summary>The accepted <c>operator_type</c> values.</summary>
    public static IReadOnlyList<string> OperatorTypes { get; } = [Isotropic, IsoLine];

    /// <inheritdoc />
    public override string Type => TypeName;

    /// <summary>Standard deviation of the perturbation of the parents.</summary>
    public required double Sigma { get; init; }

    /// <summary>Step size along the gradients.</summary>
    public required double SigmaG { get; init; }

    /// <summary>σ_line of the Iso+LineDD perturbation.</summary>
    public double LineSigma { get; init; }

    /// <summary>Whether steps also follow the measure gradients (OMG-MEGA) or only the objective's (OG-MAP-Elites).</summary>
    public bool MeasureGradients { get; init; }

    /// <summary>Whether gradients are scaled to unit length.</summary>
    public bool NormalizeGrad { get; init; }

    /// <summary>The perturbation: <c>isotropic</c> or <c>iso_line</c>.</summary>
    public string OperatorType { get; init; } = Isotropic;
}
