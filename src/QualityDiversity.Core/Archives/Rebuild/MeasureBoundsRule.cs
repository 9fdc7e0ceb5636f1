namespace QualityDiversity.Archives.Rebuild;

/// <summary>
/// How the bounds of a rebuilt archive are taken from the measures of the candidates it is
/// built for: per measure dimension, the <see cref="LowerQuantile"/> and
/// <see cref="UpperQuantile"/> of their values, widened by <see cref="Margin"/> of the span on
/// each side. The default, quantiles 0 and 1 without margin, is the [min, max] rule of QDHF and
/// AURORA; measures later falling outside clip into the edge cells.
/// </summary>
public sealed record MeasureBoundsRule
{
    /// <summary>The [min, max] rule.</summary>
    public static MeasureBoundsRule MinMax { get; } = new();

    /// <summary>Quantile in [0, 1) giving each lower bound.</summary>
    public double LowerQuantile { get; init; }

    /// <summary>Quantile in (0, 1] giving each upper bound; above <see cref="LowerQuantile"/>.</summary>
    public double UpperQuantile { get; init; } = 1;

    /// <summary>Fraction of the quantile span added below and above (at least 0).</summary>
    public double Margin { get; init; }

    /// <summary>
    /// Half-width used when every candidate has the same value on a dimension, so that the
    /// archive still has a non-empty range there.
    /// </summary>
    public double DegenerateHalfWidth { get; init; } = 0.5;

    /// <summary>
    /// The bounds of each of the <paramref name="measureDim"/> dimensions of the row-major
    /// <paramref name="measures"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The rule is invalid, there are no rows, or a measure is not finite.</exception>
    public (double Lower, double Upper)[] BoundsOf(ReadOnlySpan<double> measures, int measureDim)
    {
        Validate();
        if (measureDim <= 0) throw new ArgumentException($"Measure dimension must be positive, got {measureDim}.", nameof(measureDim));
        if (measures.Length == 0 || measures.Length % measureDim != 0)
            throw new ArgumentException($"Measures hold {measures.Length} values, which is not a positive whole number of rows of {measureDim}.", nameof(measures));
        int rows = measures.Length / measureDim;
        var column = new double[rows];
        var bounds = new (double Lower, double Upper)[measureDim];
        for (int d = 0; d < measureDim; d++)
        {
            for (int i = 0; i < rows; i++)
            {
                double v = measures[i * measureDim + d];
                if (!double.IsFinite(v)) throw new ArgumentException($"Measure {d} of row {i} is {v}; bounds need finite measures.", nameof(measures));
                column[i] = v;
            }
            Array.Sort(column);
            double lower = Quantile(column, LowerQuantile), upper = Quantile(column, UpperQuantile);
            double span = upper - lower;
            if (span <= 0)
            {
                bounds[d] = (lower - DegenerateHalfWidth, upper + DegenerateHalfWidth);
                continue;
            }
            bounds[d] = (lower - Margin * span, upper + Margin * span);
        }
        return bounds;
    }

    // Linear interpolation between order statistics (numpy's default "linear" method).
    private static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        if (below >= sorted.Length - 1) return sorted[^1];
        double fraction = position - below;
        return sorted[below] + fraction * (sorted[below + 1] - sorted[below]);
    }

    private void Validate()
    {
        if (!(LowerQuantile >= 0 && LowerQuantile < UpperQuantile && UpperQuantile <= 1))
            throw new ArgumentException($"Bounds quantiles must satisfy 0 <= lower < upper <= 1; got lower {LowerQuantile}, upper {UpperQuantile}.");
        if (!(Margin >= 0) || !double.IsFinite(Margin))
            throw new ArgumentException($"Bounds margin must be finite and at least 0; got {Margin}.");
        if (!(DegenerateHalfWidth > 0) || !double.IsFinite(DegenerateHalfWidth))
            throw new ArgumentException($"Degenerate half-width must be finite and positive; got {DegenerateHalfWidth}.");
    }
}
