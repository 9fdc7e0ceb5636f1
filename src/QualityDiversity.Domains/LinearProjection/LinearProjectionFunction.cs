namespace QualityDiversity.Domains;

/// <summary>Objective function underlying a <see cref="LinearProjectionTask"/>.</summary>
public enum LinearProjectionFunction
{
    /// <summary>Shifted sphere, <c>sum (x_i - s)^2</c>: unimodal.</summary>
    Sphere,

    /// <summary>Shifted Rastrigin, <c>10 n + sum [(x_i - s)^2 - 10 cos(2 pi (x_i - s))]</c>: highly multimodal.</summary>
    Rastrigin,
}
