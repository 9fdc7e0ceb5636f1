using QualityDiversity.Archives;

namespace QualityDiversity.Emitters;

/// <summary>How the vector emitters begin a search: checks of x0 and the initial solutions.</summary>
internal static class VectorStart
{
    /// <summary>The archive's solution width (the archive must not be null).</summary>
    public static int Width(IArchive<double> archive) =>
        (archive ?? throw new ArgumentNullException(nameof(archive))).SolutionWidth;

    /// <summary><paramref name="x0"/>, or zeros, as the one seed row.</summary>
    public static double[] Seed(double[]? x0, int dimension)
    {
        if (x0 is not null && x0.Length != dimension)
            throw new ArgumentException($"x0 has {x0.Length} values; the solution dimension is {dimension}.", nameof(x0));
        return x0 ?? new double[dimension];
    }

    /// <summary>The initial solutions, clipped into <paramref name="bounds"/> (a copy when clipped).</summary>
    public static double[]? Initial(double[]? initialSolutions, int dimension, SolutionBounds? bounds)
    {
        if (initialSolutions is null) return null;
        if (initialSolutions.Length == 0 || initialSolutions.Length % dimension != 0)
            throw new ArgumentException($"initial_solutions holds {initialSolutions.Length} values, not a positive multiple of the solution dimension {dimension}.", nameof(initialSolutions));
        if (bounds is null) return initialSolutions;
        if (bounds.Dimension != dimension)
            throw new ArgumentException($"bounds cover {bounds.Dimension} dimensions; the solution dimension is {dimension}.", nameof(bounds));
        var clipped = (double[])initialSolutions.Clone();
        bounds.Clip(clipped);
        return clipped;
    }
}
