namespace QualityDiversity.Emitters;

/// <summary>Per-dimension box bounds on vector solutions; infinite bounds leave a dimension free.</summary>
public sealed class SolutionBounds
{
    private readonly double[] _lower;
    private readonly double[] _upper;

    /// <summary>Bounds given per dimension.</summary>
    public SolutionBounds(IReadOnlyList<double> lower, IReadOnlyList<double> upper)
    {
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        if (lower.Count != upper.Count)
            throw new ArgumentException($"Got {lower.Count} lower bounds and {upper.Count} upper bounds.", nameof(upper));
        _lower = lower.ToArray();
        _upper = upper.ToArray();
        for (int i = 0; i < _lower.Length; i++)
        {
            if (double.IsNaN(_lower[i]) || double.IsNaN(_upper[i]) || _lower[i] > _upper[i])
                throw new ArgumentException($"Bounds of dimension {i} are [{_lower[i]}, {_upper[i]}]; lower must not exceed upper.", nameof(lower));
        }
    }

    /// <summary>The same bounds [<paramref name="lower"/>, <paramref name="upper"/>] on all <paramref name="dimension"/> dimensions.</summary>
    public static SolutionBounds Uniform(int dimension, double lower, double upper) =>
        new(Enumerable.Repeat(lower, dimension).ToArray(), Enumerable.Repeat(upper, dimension).ToArray());

    /// <summary>Number of dimensions.</summary>
    public int Dimension => _lower.Length;

    /// <summary>Lower bounds.</summary>
    public ReadOnlySpan<double> Lower => _lower;

    /// <summary>Upper bounds.</summary>
    public ReadOnlySpan<double> Upper => _upper;

    /// <summary>Clips every row of <paramref name="solutions"/> (row width = <see cref="Dimension"/>) into the box.</summary>
    public void Clip(Span<double> solutions)
    {
        int d = _lower.Length;
        for (int i = 0; i < solutions.Length; i++)
        {
            int j = i % d;
            double v = solutions[i];
            if (v < _lower[j]) solutions[i] = _lower[j];
            else if (v > _upper[j]) solutions[i] = _upper[j];
        }
    }
}
