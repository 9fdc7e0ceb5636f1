using QualityDiversity.Randomness;

namespace QualityDiversity.Emitters.Operators;

/// <summary>
/// Simulated binary crossover, SBX (Deb and Agrawal 1995): each coordinate is crossed with
/// probability <see cref="CrossoverProbability"/>; for parents' values <c>a</c> and <c>b</c> and
/// <c>u ~ U(0, 1)</c>, the spread <c>β = (2u)^(1/(η+1))</c> when <c>u ≤ 0.5</c> and
/// <c>β = (1 / (2(1 - u)))^(1/(η+1))</c> otherwise gives the pair
/// <c>½((1 + β)a + (1 - β)b)</c> and <c>½((1 - β)a + (1 + β)b)</c>, of which the child takes one
/// with equal chance. A coordinate not crossed is the first parent's. Children are clipped into
/// the optional bounds.
/// </summary>
/// <remarks>One child per pair of parents, so a batch of n children draws 2n parents.</remarks>
public sealed class SimulatedBinaryCrossover : IVariationOperator<double>
{
    /// <summary>Creates the operator.</summary>
    /// <param name="eta">Distribution index η ≥ 0 (15 is common); a larger η keeps children nearer their parents.</param>
    /// <param name="bounds">Optional box the children are clipped into (its dimension fixes the solution dimension).</param>
    /// <param name="crossoverProbability">Probability that a coordinate is crossed (0.5 by default).</param>
    public SimulatedBinaryCrossover(double eta = 15, SolutionBounds? bounds = null, double crossoverProbability = 0.5)
    {
        Eta = VectorOperatorChecks.NonNegative(eta, nameof(eta));
        Bounds = bounds;
        CrossoverProbability = VectorOperatorChecks.Probability(crossoverProbability, nameof(crossoverProbability));
    }

    /// <summary>Distribution index η.</summary>
    public double Eta { get; }

    /// <summary>Box the children are clipped into, if any.</summary>
    public SolutionBounds? Bounds { get; }

    /// <summary>Probability that a coordinate is crossed.</summary>
    public double CrossoverProbability { get; }

    /// <inheritdoc />
    public int ParentCount => 2;

    /// <inheritdoc />
    public void Vary(ParentSource<double> parents, Span<double> children, RandomSource random)
    {
        int d = parents.Width;
        VectorOperatorChecks.Width(nameof(SimulatedBinaryCrossover), d, Bounds?.Dimension ?? 0);
        var chosen = parents.Draw();
        double power = 1 / (Eta + 1);
        for (int i = 0; i < parents.ChildCount; i++)
        {
            var child = children.Slice(i * d, d);
            var first = chosen[2 * i];
            var second = chosen[2 * i + 1];
            for (int j = 0; j < d; j++)
            {
                double a = first[j], b = second[j];
                if (random.NextDouble() >= CrossoverProbability || a == b)
                {
                    child[j] = a;
                    continue;
                }
                double u = random.NextDouble();
                double beta = u <= 0.5 ? Math.Pow(2 * u, power) : Math.Pow(1 / (2 * (1 - u)), power);
                child[j] = random.NextDouble() < 0.5
                    ? 0.5 * ((1 + beta) * a + (1 - beta) * b)
                    : 0.5 * ((1 - beta) * a + (1 + beta) * b);
            }
        }
        Bounds?.Clip(children);
    }
}
