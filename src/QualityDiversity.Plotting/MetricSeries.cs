namespace QualityDiversity.Plotting;

/// <summary>One named metric curve, e.g. QD score per evaluation, optionally with a band of spread around it.</summary>
/// <param name="Name">Curve name, shown in the legend (and as the panel title when <see cref="Panel"/> is not set).</param>
/// <param name="Values">One value per x value of the enclosing <see cref="MetricCurvesData"/>; non-finite values are skipped (e.g. the max objective of a still-empty archive).</param>
public sealed record MetricSeries(string Name, double[] Values)
{
    /// <summary>Panel (subplot) title; series with the same panel share one subplot. <see langword="null"/> gives the series its own panel named <see cref="Name"/>.</summary>
    public string? Panel { get; init; }

    /// <summary>The panel this series is drawn in.</summary>
    public string PanelTitle => Panel ?? Name;

    /// <summary>
    /// Half-width of a shaded band around the curve, one per x value (for example the standard
    /// deviation over seeds: the band is mean ± std); null draws no band. Non-negative; NaN skips a point.
    /// </summary>
    public double[]? Spread { get; init; }

    /// <summary>Number of runs the curve summarises (the legend says "mean ± std over N runs" when above 1); 1 for a single run.</summary>
    public int Runs { get; init; } = 1;

    /// <summary>
    /// The mean of several runs' curves with their standard deviation as the band: at each x
    /// value the mean and the sample standard deviation (divided by n − 1) over the runs whose
    /// value there is finite; NaN where none is.
    /// </summary>
    /// <param name="name">Curve name.</param>
    /// <param name="runs">One curve per run (e.g. per seed), all of the same length.</param>
    /// <exception cref="ArgumentException">No runs, or runs of different lengths; the message names the run.</exception>
    public static MetricSeries MeanOf(string name, IReadOnlyList<double[]> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0) throw new ArgumentException("at least one run is needed.", nameof(runs));
        int length = runs[0]?.Length ?? throw new ArgumentException("runs[0] is null.", nameof(runs));
        for (int r = 1; r < runs.Count; r++)
        {
            if (runs[r] is null || runs[r].Length != length)
                throw new ArgumentException($"runs[{r}] has {runs[r]?.Length ?? 0} values but runs[0] has {length}.", nameof(runs));
        }
        var mean = new double[length];
        var spread = new double[length];
        for (int i = 0; i < length; i++)
        {
            int n = 0;
            double sum = 0;
            foreach (double[] run in runs)
            {
                if (!double.IsFinite(run[i])) continue;
                n++;
                sum += run[i];
            }
            mean[i] = n > 0 ? sum / n : double.NaN;
            double squares = 0;
            foreach (double[] run in runs)
            {
                if (double.IsFinite(run[i])) squares += (run[i] - mean[i]) * (run[i] - mean[i]);
            }
            spread[i] = n > 1 ? Math.Sqrt(squares / (n - 1)) : n == 1 ? 0 : double.NaN;
        }
        return new MetricSeries(name, mean) { Spread = runs.Count > 1 ? spread : null, Runs = runs.Count };
    }
}
