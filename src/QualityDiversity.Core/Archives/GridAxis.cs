using System.Runtime.CompilerServices;
namespace QualityDiversity.Archives;

/// <summary>
/// The bins of one grid axis: either <see cref="Bins"/> equal bins over [lower, upper], or
/// explicit, strictly increasing bin edges (non-uniform bins, e.g. finer near 0 and 1 for
/// judged measures). Values outside the axis range fall into the edge bins.
/// </summary>
public sealed class GridAxis
{
    private readonly double[] _edges;
    private readonly double _scale;

    private GridAxis(double[] edges, bool uniform)
    {
        _edges = edges;
        IsUniform = uniform;
        _scale = Bins / (Upper - Lower);
    }

    /// <summary><paramref name="bins"/> equal bins over [<paramref name="lower"/>, <paramref name="upper"/>].</summary>
    public static GridAxis Uniform(int bins, double lower, double upper, string name = "axis")
    {
        if (bins <= 0) throw new ArgumentOutOfRangeException(nameof(bins), bins, $"{name}: the number of bins must be positive.");
        if (!double.IsFinite(lower) || !double.IsFinite(upper) || !(upper > lower))
            throw new ArgumentOutOfRangeException(nameof(upper), $"{name}: the range [{lower}, {upper}] must be finite with lower < upper.");
        // The edges below multiply the width by up to the bin count.
        if (!double.IsFinite((upper - lower) * bins))
            throw new ArgumentOutOfRangeException(nameof(upper), $"{name}: the range [{lower}, {upper}] is too wide to split into {bins} bins (its width times the bin count must be finite).");
        var edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) edges[i] = lower + (upper - lower) * i / bins;
        edges[bins] = upper;
        return new GridAxis(edges, uniform: true);
    }

    /// <summary>Bins bounded by <paramref name="edges"/> (at least two, strictly increasing, finite).</summary>
    public static GridAxis FromEdges(IReadOnlyList<double> edges, string name = "axis")
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (edges.Count < 2) throw new ArgumentException($"{name}: bin edges need at least two values, got {edges.Count}.", nameof(edges));
        var copy = edges.ToArray();
        for (int i = 0; i < copy.Length; i++)
        {
            if (!double.IsFinite(copy[i])) throw new ArgumentException($"{name}: bin edge {i} is {copy[i]}; edges must be finite.", nameof(edges));
            if (i > 0 && !(copy[i] > copy[i - 1]))
                throw new ArgumentException($"{name}: bin edges must be strictly increasing, but edge {i} ({copy[i]}) <= edge {i - 1} ({copy[i - 1]}).", nameof(edges));
        }
        return new GridAxis(copy, uniform: false);
    }

    /// <summary>Number of bins.</summary>
    public int Bins => _edges.Length - 1;

    /// <summary>Lower bound of the axis.</summary>
    public double Lower => _edges[0];

    /// <summary>Upper bound of the axis.</summary>
    public double Upper => _edges[^1];

    /// <summary>Whether the bins are equal.</summary>
    public bool IsUniform { get; }

    /// <summary>The bin edges, <see cref="Bins"/> + 1 values.</summary>
    public ReadOnlySpan<double> Edges => _edges;

    /// <summary>
    /// Tolerance added before binning on uniform axes so that values computed as exactly an
    /// interior edge are not pushed into the lower bin by rounding.
    /// </summary>
    public const double Epsilon = 1e-6;

    /// <summary>The bin of <paramref name="value"/>, clipped into [0, Bins - 1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int BinOf(double value)
    {
        int bins = Bins;
        if (IsUniform)
        {
            double scaled = (value + Epsilon - Lower) * _scale;
            if (!(scaled > 0)) return 0;
            return scaled >= bins ? bins - 1 : (int)scaled;
        }
        // Largest k with edges[k] <= value.
        int lo = 0, hi = bins; // search in edges[0..bins-1]
        if (value < _edges[1]) return 0;
        if (value >= _edges[bins - 1]) return bins - 1;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) >>> 1;
            if (_edges[mid] <= value) lo = mid; else hi = mid;
        }
        return lo;
    }

    /// <summary>Centre of bin <paramref name="bin"/>.</summary>
    public double Center(int bin) => 0.5 * (_edges[bin] + _edges[bin + 1]);
}
