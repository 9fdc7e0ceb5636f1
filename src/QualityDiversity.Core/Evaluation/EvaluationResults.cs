using System.Runtime.CompilerServices;
namespace QualityDiversity.Evaluation;

/// <summary>
/// Output buffers of one batch evaluation: an objective per candidate, a measure vector per
/// candidate, and optionally a feature vector per candidate (kept for learned measures).
/// Rows are laid out flat, candidate by candidate. A candidate whose evaluation failed is marked
/// with <see cref="MarkFailed"/>; its row then holds no usable values.
/// </summary>
/// <remarks>
/// When <see cref="CatchCandidateExceptions"/> is set, the built-in evaluator bases
/// (<see cref="ParallelEvaluator{T}"/>, <see cref="AsyncEvaluator{T}"/>) record a candidate's
/// exception or timeout here and go on with the rest of the batch instead of throwing.
/// </remarks>
public sealed class EvaluationResults
{
    private CandidateFailure?[]? _failures; // per candidate, created at the first failure
    private int _failedCount;
    private readonly Lock _failureLock = new();

    /// <summary>Allocates buffers for <paramref name="count"/> candidates.</summary>
    public EvaluationResults(int count, int measureDim, int featureDim = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(measureDim);
        ArgumentOutOfRangeException.ThrowIfNegative(featureDim);
        Count = count;
        MeasureDim = measureDim;
        FeatureDim = featureDim;
        Objectives = new double[count];
        Measures = new double[count * measureDim];
        Features = new double[count * featureDim];
    }

    /// <summary>Number of candidates.</summary>
    public int Count { get; }

    /// <summary>Length of each measure vector.</summary>
    public int MeasureDim { get; }

    /// <summary>Length of each feature vector (0 when the evaluator produces none).</summary>
    public int FeatureDim { get; }

    /// <summary>One objective per candidate.</summary>
    public double[] Objectives { get; }

    /// <summary>Measures, <see cref="MeasureDim"/> per candidate, row-major.</summary>
    public double[] Measures { get; }

    /// <summary>Features, <see cref="FeatureDim"/> per candidate, row-major (empty when none).</summary>
    public double[] Features { get; }

    /// <summary>
    /// Checks that these buffers hold <paramref name="count"/> rows of the widths an evaluator writes.
    /// </summary>
    /// <exception cref="ArgumentException">A row count or width differs.</exception>
    public void EnsureFits(int count, int measureDim, int featureDim)
    {
        if (Count != count)
            throw new ArgumentException($"Results hold {Count} rows but the batch has {count} solutions.", "results");
        if (MeasureDim != measureDim || FeatureDim != featureDim)
            throw new ArgumentException(
                $"Results have room for {MeasureDim} measures and {FeatureDim} features per candidate; this evaluator writes {measureDim} and {featureDim}.",
                "results");
    }

    /// <summary>
    /// Whether evaluators should record a candidate's exception or timeout with
    /// <see cref="MarkFailed"/> and carry on with the rest of the batch (true), or throw (false,
    /// the default). Cancellation of the caller's token always throws.
    /// </summary>
    public bool CatchCandidateExceptions { get; set; }

    /// <summary>Number of candidates marked as failed.</summary>
    public int FailedCount => _failedCount;

    /// <summary>Whether candidate <paramref name="index"/> is marked as failed.</summary>
    public bool IsFailed(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"The results hold {Count} candidates.");
        return _failures is { } failures && failures[index] is not null;
    }

    /// <summary>The failures, ordered by candidate index (empty when none failed).</summary>
    public IReadOnlyList<CandidateFailure> Failures
    {
        get
        {
            if (_failedCount == 0 || _failures is null) return [];
            var list = new List<CandidateFailure>(_failedCount);
            foreach (var failure in _failures)
                if (failure is not null) list.Add(failure);
            return list;
        }
    }

    /// <summary>
    /// Marks candidate <paramref name="index"/> as failed. Safe to call from several threads for
    /// different candidates; a candidate already marked keeps its first failure.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the batch.</exception>
    public void MarkFailed(int index, CandidateFailureKind kind, string message, Exception? exception = null)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"The results hold {Count} candidates.");
        ArgumentNullException.ThrowIfNull(message);
        lock (_failureLock)
        {
            _failures ??= new CandidateFailure?[Count];
            if (_failures[index] is not null) return;
            _failures[index] = new CandidateFailure(index, kind, message, exception);
            _failedCount++;
        }
    }

    /// <summary>Marks every candidate not yet marked as failed with the same reason (a whole batch failed).</summary>
    public void MarkAllFailed(CandidateFailureKind kind, string message, Exception? exception = null)
    {
        for (int i = 0; i < Count; i++) MarkFailed(i, kind, message, exception);
    }

    /// <summary>
    /// Marks as failed every candidate not yet marked whose objective or one of whose measures is
    /// NaN or infinite; returns how many were marked now.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int MarkNonFinite()
    {
        int marked = 0;
        for (int i = 0; i < Count; i++)
        {
            if (_failures is { } failures && failures[i] is not null) continue;
            double objective = Objectives[i];
            if (!double.IsFinite(objective))
            {
                MarkFailed(i, CandidateFailureKind.NonFiniteObjective, $"objective is {objective.ToString(System.Globalization.CultureInfo.InvariantCulture)}; objectives must be finite.");
                marked++;
                continue;
            }
            var measures = MeasuresOf(i);
            for (int j = 0; j < measures.Length; j++)
            {
                if (double.IsFinite(measures[j])) continue;
                MarkFailed(i, CandidateFailureKind.NonFiniteMeasure, $"measure {j} is {measures[j].ToString(System.Globalization.CultureInfo.InvariantCulture)}; measures must be finite.");
                marked++;
                break;
            }
        }
        return marked;
    }

    /// <summary>Forgets every failure, so the buffers can hold the next batch.</summary>
    public void ClearFailures()
    {
        lock (_failureLock)
        {
            if (_failures is not null) Array.Clear(_failures);
            _failedCount = 0;
        }
    }

    /// <summary>Per candidate, whether it failed; empty when none did (the form schedulers' <c>Tell</c> takes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlyMemory<bool> FailedMask()
    {
        if (_failedCount == 0 || _failures is null) return default;
        var mask = new bool[Count];
        for (int i = 0; i < Count; i++) mask[i] = _failures[i] is not null;
        return mask;
    }

    /// <summary>The measure vector of candidate <paramref name="index"/>.</summary>
    public Span<double> MeasuresOf(int index) => Measures.AsSpan(index * MeasureDim, MeasureDim);

    /// <summary>The feature vector of candidate <paramref name="index"/>.</summary>
    public Span<double> FeaturesOf(int index) => Features.AsSpan(index * FeatureDim, FeatureDim);
}
