namespace QualityDiversity.Evaluation.Gradients;

/// <summary>
/// The Jacobians of one batch evaluation, next to its <see cref="EvaluationResults"/>: per
/// candidate, the gradient of the objective and the gradient of each measure with respect to
/// the solution, in one flat array.
/// </summary>
/// <remarks>
/// Candidate <c>i</c>'s Jacobian is the <c>(1 + m) x d</c> block starting at
/// <c>i (1 + m) d</c> (m measures, solution dimension d), row-major: row 0 is
/// <c>∇f(x_i)</c>, row <c>1 + j</c> is <c>∇m_j(x_i)</c> — the layout of pyribs' <c>jacobian</c>
/// array of shape <c>(batch, 1 + m, d)</c>.
/// </remarks>
public sealed class GradientResults
{
    /// <summary>Allocates Jacobians for <paramref name="count"/> candidates.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    public GradientResults(int count, int measureDim, int solutionDim)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(measureDim);
        ArgumentOutOfRangeException.ThrowIfNegative(solutionDim);
        Count = count;
        MeasureDim = measureDim;
        SolutionDim = solutionDim;
        long length = (long)count * (1 + measureDim) * solutionDim;
        if (length > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"{count} Jacobians of {1 + measureDim} x {solutionDim} do not fit in one array.");
        Values = new double[length];
    }

    /// <summary>Number of candidates.</summary>
    public int Count { get; }

    /// <summary>Number of measures m (the Jacobian has 1 + m rows).</summary>
    public int MeasureDim { get; }

    /// <summary>Solution dimension d (the length of each gradient).</summary>
    public int SolutionDim { get; }

    /// <summary>Elements of one candidate's Jacobian: <c>(1 + m) d</c>.</summary>
    public int JacobianLength => (1 + MeasureDim) * SolutionDim;

    /// <summary>All Jacobians, candidate by candidate (see the remarks for the layout).</summary>
    public double[] Values { get; }

    /// <summary>The Jacobian of candidate <paramref name="index"/>: objective gradient, then one row per measure.</summary>
    public Span<double> JacobianOf(int index) => Values.AsSpan(index * JacobianLength, JacobianLength);

    /// <summary>The objective gradient of candidate <paramref name="index"/>.</summary>
    public Span<double> ObjectiveGradientOf(int index) => Values.AsSpan(index * JacobianLength, SolutionDim);

    /// <summary>The gradient of measure <paramref name="measure"/> of candidate <paramref name="index"/>.</summary>
    public Span<double> MeasureGradientOf(int index, int measure) =>
        Values.AsSpan(index * JacobianLength + (1 + measure) * SolutionDim, SolutionDim);

    /// <summary>Checks that these buffers hold <paramref name="count"/> Jacobians of the given shape.</summary>
    /// <exception cref="ArgumentException">The count or a dimension differs.</exception>
    public void EnsureFits(int count, int measureDim, int solutionDim)
    {
        if (Count != count)
            throw new ArgumentException($"Gradient results hold {Count} Jacobians but the batch has {count} solutions.", "gradients");
        if (MeasureDim != measureDim || SolutionDim != solutionDim)
            throw new ArgumentException(
                $"Gradient results have Jacobians of {MeasureDim} measures x dimension {SolutionDim}; this evaluation needs {measureDim} x {solutionDim}.",
                "gradients");
    }
}
