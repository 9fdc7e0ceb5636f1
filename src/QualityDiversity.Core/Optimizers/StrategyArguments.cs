using QualityDiversity.Emitters;

namespace QualityDiversity.Optimizers;

/// <summary>
/// Argument checks shared by the evolution strategies, so that both report misuse with the same
/// exception types and parameter names before any state changes.
/// </summary>
internal static class StrategyArguments
{
    /// <summary>Checks the constructor's scalar arguments.</summary>
    public static void CheckConfiguration(int dimension, double sigma0, int populationSize, object random)
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The dimension must be at least 1.");
        if (!(sigma0 > 0) || !double.IsFinite(sigma0)) throw new ArgumentOutOfRangeException(nameof(sigma0), sigma0, "The initial step size must be positive and finite.");
        if (populationSize < 2) throw new ArgumentOutOfRangeException(nameof(populationSize), populationSize, "The population size must be at least 2.");
        ArgumentNullException.ThrowIfNull(random);
    }

    /// <summary>Checks that a mean has n finite values.</summary>
    public static void CheckMean(ReadOnlySpan<double> mean, int dimension, string parameterName)
    {
        if (mean.Length != dimension)
            throw new ArgumentException($"The mean has {mean.Length} values; the dimension is {dimension}.", parameterName);
        foreach (double v in mean)
            if (!double.IsFinite(v)) throw new ArgumentException("The mean must be finite.", parameterName);
    }

    /// <summary>Checks the buffer and bounds given to Ask.</summary>
    public static void CheckAsk(Span<double> solutions, SolutionBounds? bounds, int dimension, int populationSize)
    {
        if (solutions.Length != populationSize * dimension)
            throw new ArgumentException($"The buffer holds {solutions.Length} values; λ·n = {populationSize * dimension}.", nameof(solutions));
        if (bounds is not null && bounds.Dimension != dimension)
            throw new ArgumentException($"The bounds cover {bounds.Dimension} dimensions; the strategy has {dimension}.", nameof(bounds));
    }

    /// <summary>Checks the arguments of Tell: a λ × n block, a ranking of at most λ rows, and 0 ≤ μ ≤ ranking length with valid parent rows.</summary>
    public static void CheckTell(ReadOnlySpan<double> solutions, ReadOnlySpan<int> ranking, int parents, int dimension, int populationSize)
    {
        if (solutions.Length != populationSize * dimension)
            throw new ArgumentException($"The solutions hold {solutions.Length} values; λ·n = {populationSize * dimension}.", nameof(solutions));
        if (ranking.Length > populationSize)
            throw new ArgumentException($"The ranking lists {ranking.Length} rows; there are only λ = {populationSize}.", nameof(ranking));
        if (parents < 0 || parents > ranking.Length)
            throw new ArgumentOutOfRangeException(nameof(parents), parents, $"The number of parents must be between 0 and the ranking length {ranking.Length}.");
        for (int i = 0; i < parents; i++)
            if ((uint)ranking[i] >= (uint)populationSize)
                throw new ArgumentException($"Ranking entry {i} is row {ranking[i]}, outside 0…{populationSize - 1}.", nameof(ranking));
    }
}
