namespace QualityDiversity.Emitters.Gradient;

/// <summary>How a <see cref="GradientOperatorEmitter"/> perturbs the elites it branches from (pyribs' <c>operator_type</c>).</summary>
public enum GradientOperatorType
{
    /// <summary><c>"isotropic"</c>: <c>x + σ N(0, I)</c>.</summary>
    Isotropic,

    /// <summary><c>"iso_line"</c>: Iso+LineDD, <c>x + σ N(0, I) + σ_line N(0, 1) (y - x)</c> for a second elite <c>y</c>.</summary>
    IsoLine,
}
