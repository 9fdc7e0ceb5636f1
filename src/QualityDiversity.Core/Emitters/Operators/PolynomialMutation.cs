using QualityDiversity.Randomness;

namespace QualityDiversity.Emitters.Operators;

/// <summary>
/// Polynomial mutation (Deb and Goyal 1996; the bounded form of Deb and Deb 2014): each
/// coordinate of the parent is mutated with probability <see cref="MutationProbability"/> by
/// <c>δ_q (x_u - x_l)</c>, where for <c>u ~ U(0, 1)</c>, <c>δ₁ = (x - x_l)/(x_u - x_l)</c>,
/// <c>δ₂ = (x_u - x)/(x_u - x_l)</c> and <c>η</c> the distribution index,
/// <c>δ_q = [2u + (1 - 2u)(1 - δ₁)^(η+1)]^(1/(η+1)) - 1</c> when <c>u &lt; 0.5</c> and
/// <c>δ_q = 1 - [2(1 - u) + 2(u - 0.5)(1 - δ₂)^(η+1)]^(1/(η+1))</c> otherwise. Children stay
/// within the bounds, which are required and finite; a larger η gives smaller steps.
/// </summary>
public sealed class PolynomialMutation : IVariationOperator<double>
{
    /// <summary>Creates the operator.</summary>
    /// <param name="bounds">Finite box of the solutions; the steps scale with its width.</param>
    /// <param name="eta">Distribution index η ≥ 0 (20 is common).</param>
    /// <param name="mutationProbability">Probability that a coordinate is mutated; null for 1 / dimension.</param>
    public PolynomialMutation(SolutionBounds bounds, double eta = 20, double? mutationProbability = null)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        for (int j = 0; j < bounds.Dimension; j++)
        {
            if (!double.IsFinite(bounds.Lower[j]) || !double.IsFinite(bounds.Upper[j]))
                throw new ArgumentException($"Polynomial mutation needs finite bounds; dimension {j} is [{bounds.Lower[j]}, {bounds.Upper[j]}].", nameof(bounds));
        }
        Bounds = bounds;
        Eta = VectorOperatorChecks.NonNegative(eta, nameof(eta));
        MutationProbability = VectorOperatorChecks.Probability(mutationProbability ?? 1.0 / bounds.Dimension, nameof(mutationProbability));
    }

    /// <summary>Box of the solutions.</summary>
    public SolutionBounds Bounds { get; }

    /// <summary>Distribution index η.</summary>
    public double Eta { get; }

    /// <summary>Probability that a coordinate is mutated.</summary>
    public double MutationProbability { get; }

    /// <inheritdoc />
    public int ParentCount => 1;

    /// <inheritdoc />
    public void Vary(ParentSource<double> parents, Span<double> children, RandomSource random)
    {
        int d = parents.Width;
        VectorOperatorChecks.Width(nameof(PolynomialMutation), d, Bounds.Dimension);
        var chosen = parents.Draw();
        var lower = Bounds.Lower;
        var upper = Bounds.Upper;
        double power = 1 / (Eta + 1);
        for (int i = 0; i < parents.ChildCount; i++)
        {
            var child = children.Slice(i * d, d);
            chosen[i].CopyTo(child);
            for (int j = 0; j < d; j++)
            {
                if (random.NextDouble() >= MutationProbability) continue;
                double u = random.NextDouble();
                double low = lower[j], span = upper[j] - low;
                double x = Math.Clamp(child[j], low, upper[j]);
                if (span <= 0)
                {
                    child[j] = low;
                    continue;
                }
                double deltaQ;
                if (u < 0.5)
                {
                    double rest = 1 - (x - low) / span;
                    deltaQ = Math.Pow(2 * u + (1 - 2 * u) * Math.Pow(rest, Eta + 1), power) - 1;
                }
                else
                {
                    double rest = 1 - (upper[j] - x) / span;
                    deltaQ = 1 - Math.Pow(2 * (1 - u) + 2 * (u - 0.5) * Math.Pow(rest, Eta + 1), power);
                }
                child[j] = Math.Clamp(x + deltaQ * span, low, upper[j]);
            }
        }
    }
}
