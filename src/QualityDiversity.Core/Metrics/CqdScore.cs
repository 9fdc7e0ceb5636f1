using QualityDiversity.Archives;
using QualityDiversity.Randomness;

namespace QualityDiversity.Metrics;

/// <summary>
/// The Continuous Quality-Diversity (CQD) score of Kent et al. 2022, computed as pyribs'
/// <c>cqd_score</c> does: it rewards archives that have, near every target point of the
/// measure space, an elite of high objective, and it does not depend on how the archive
/// divides the space into cells.
/// </summary>
/// <remarks>
/// For each iteration i (one set of target points t), each penalty θ and each target t, the
/// best trade-off over the elites e is <c>max_e (f_e / (f_max − f_min) − θ · ‖m_e − t‖_p / d_max)</c>;
/// the iteration's score sums it over penalties and targets, and <see cref="CqdScoreResult.Mean"/>
/// averages the iterations. As in pyribs, the objective is divided by the range without
/// subtracting <c>f_min</c>; with <c>f_min = 0</c> this is Kent's normalised objective.
/// </remarks>
public static class CqdScore
{
    /// <summary>The CQD score of an archive's elites.</summary>
    /// <param name="data">The elites (for example <c>archive.ToData()</c>); at least one.</param>
    /// <param name="targetPoints">Per iteration, the target points, each with the elites' number of measures; every iteration the same number of targets.</param>
    /// <param name="penalties">The penalties θ, for example <see cref="EvenPenalties"/>; at least one, each finite.</param>
    /// <param name="objectiveMin">Minimum objective, for normalising.</param>
    /// <param name="objectiveMax">Maximum objective, above <paramref name="objectiveMin"/>.</param>
    /// <param name="distanceMax">Greatest distance in measure space (for example the diagonal of its bounds); positive.</param>
    /// <param name="distanceOrder">Order p ≥ 1 of the distance norm: 2 Euclidean, 1 Manhattan, <see cref="double.PositiveInfinity"/> the largest difference.</param>
    /// <exception cref="ArgumentException">An argument is invalid or the archive is empty; the message names it, with the index at fault.</exception>
    public static CqdScoreResult Compute<T>(ArchiveData<T> data, double[][][] targetPoints, IReadOnlyList<double> penalties,
        double objectiveMin, double objectiveMax, double distanceMax, double distanceOrder = 2)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(targetPoints);
        ArgumentNullException.ThrowIfNull(penalties);
        if (data.Count == 0) throw new ArgumentException("the archive is empty; the CQD score needs at least one elite.", nameof(data));
        if (!double.IsFinite(objectiveMin) || !double.IsFinite(objectiveMax) || !(objectiveMax > objectiveMin))
            throw new ArgumentException($"the objective range [{objectiveMin}, {objectiveMax}] must be finite with the maximum above the minimum.", nameof(objectiveMax));
        if (!(distanceMax > 0) || !double.IsFinite(distanceMax))
            throw new ArgumentOutOfRangeException(nameof(distanceMax), distanceMax, "the maximum distance must be positive and finite.");
        if (!(distanceOrder >= 1)) throw new ArgumentOutOfRangeException(nameof(distanceOrder), distanceOrder, "the norm's order must be at least 1.");
        if (penalties.Count == 0) throw new ArgumentException("at least one penalty is needed.", nameof(penalties));
        for (int k = 0; k < penalties.Count; k++)
        {
            if (!double.IsFinite(penalties[k])) throw new ArgumentException($"penalties[{k}] is {penalties[k]}; penalties must be finite.", nameof(penalties));
        }
        CheckTargets(targetPoints, data.MeasureDim);

        int n = data.Count, d = data.MeasureDim;
        double range = objectiveMax - objectiveMin;
        var normalised = new double[n];
        for (int e = 0; e < n; e++) normalised[e] = data.Objective[e] / range;

        var scores = new double[targetPoints.Length];
        var distances = new double[n];
        for (int it = 0; it < targetPoints.Length; it++)
        {
            double total = 0;
            foreach (double[] target in targetPoints[it])
            {
                for (int e = 0; e < n; e++) distances[e] = Distance(data.Measures.AsSpan(e * d, d), target, distanceOrder) / distanceMax;
                for (int k = 0; k < penalties.Count; k++)
                {
                    double theta = penalties[k], best = double.NegativeInfinity;
                    for (int e = 0; e < n; e++) best = Math.Max(best, normalised[e] - theta * distances[e]);
                    total += best;
                }
            }
            scores[it] = total;
        }
        return new CqdScoreResult(scores.Average(), scores, penalties.ToArray(), objectiveMin, objectiveMax, distanceMax, distanceOrder);
    }

    /// <summary><paramref name="count"/> penalties spread evenly over [0, 1] (0 and 1 included; a single penalty is 0), as pyribs builds them from a count.</summary>
    public static double[] EvenPenalties(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (count == 1) return [0.0];
        return Enumerable.Range(0, count).Select(i => i == count - 1 ? 1.0 : (double)i / (count - 1)).ToArray();
    }

    /// <summary>Target points drawn uniformly inside <paramref name="bounds"/>: <paramref name="iterations"/> sets of <paramref name="count"/> points, reproducible from <paramref name="seed"/>.</summary>
    public static double[][][] UniformTargets(int iterations, int count, IReadOnlyList<(double Lower, double Upper)> bounds, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(bounds);
        for (int k = 0; k < bounds.Count; k++)
        {
            if (!double.IsFinite(bounds[k].Lower) || !double.IsFinite(bounds[k].Upper) || !(bounds[k].Upper > bounds[k].Lower))
                throw new ArgumentException($"bounds[{k}] = [{bounds[k].Lower}, {bounds[k].Upper}] must be finite with lower below upper.", nameof(bounds));
        }
        var random = new RandomSource(seed);
        return Enumerable.Range(0, iterations).Select(_ => Enumerable.Range(0, count)
            .Select(_ => bounds.Select(b => b.Lower + (b.Upper - b.Lower) * random.NextDouble()).ToArray()).ToArray()).ToArray();
    }

    /// <summary>The length of the diagonal of <paramref name="bounds"/> in the norm of order <paramref name="distanceOrder"/>: the greatest distance between two points inside them.</summary>
    public static double Diagonal(IReadOnlyList<(double Lower, double Upper)> bounds, double distanceOrder = 2)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        var widths = bounds.Select(b => b.Upper - b.Lower).ToArray();
        return Distance(widths, new double[widths.Length], distanceOrder);
    }

    private static void CheckTargets(double[][][] targets, int measureDim)
    {
        if (targets.Length == 0) throw new ArgumentException("at least one iteration of target points is needed.", "targetPoints");
        int? count = null;
        for (int it = 0; it < targets.Length; it++)
        {
            var set = targets[it] ?? throw new ArgumentException($"targetPoints[{it}] is null.", "targetPoints");
            if (set.Length == 0 || (count is { } c && set.Length != c))
                throw new ArgumentException($"targetPoints[{it}] has {set.Length} points; every iteration needs the same positive number ({count ?? set.Length}).", "targetPoints");
            count = set.Length;
            for (int p = 0; p < set.Length; p++)
            {
                if (set[p] is null || set[p].Length != measureDim)
                    throw new ArgumentException($"targetPoints[{it}][{p}] has {set[p]?.Length ?? 0} coordinates; the archive has {measureDim} measures.", "targetPoints");
                if (set[p].Any(v => !double.IsFinite(v)))
                    throw new ArgumentException($"targetPoints[{it}][{p}] has a coordinate that is not finite.", "targetPoints");
            }
        }
    }

    private static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double order)
    {
        double sum = 0;
        if (double.IsPositiveInfinity(order))
        {
            for (int i = 0; i < a.Length; i++) sum = Math.Max(sum, Math.Abs(a[i] - b[i]));
            return sum;
        }
        for (int i = 0; i < a.Length; i++)
        {
            double diff = Math.Abs(a[i] - b[i]);
            sum += order == 2 ? diff * diff : order == 1 ? diff : Math.Pow(diff, order);
        }
        return order == 2 ? Math.Sqrt(sum) : order == 1 ? sum : Math.Pow(sum, 1 / order);
    }
}
