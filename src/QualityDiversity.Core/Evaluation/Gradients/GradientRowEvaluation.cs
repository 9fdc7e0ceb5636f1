namespace QualityDiversity.Evaluation.Gradients;

/// <summary>
/// Evaluates one solution with its Jacobian: writes its measures, its features and its
/// <c>(1 + m) x d</c> Jacobian (objective gradient first, row-major) and returns its objective.
/// Must be thread-safe and pure.
/// </summary>
public delegate double GradientRowEvaluation(ReadOnlySpan<double> solution, Span<double> measures, Span<double> features, Span<double> jacobian);

/// <summary>Runs a <see cref="GradientRowEvaluation"/> over a batch, in parallel when the batch is large.</summary>
public static class GradientRows
{
    /// <summary>Batches smaller than this are evaluated on the calling thread.</summary>
    public const int DefaultMinParallelBatch = 64;

    /// <summary>
    /// Evaluates every row of <paramref name="solutions"/> with <paramref name="evaluate"/>. Each
    /// row writes only its own slices, so the outcome does not depend on scheduling.
    /// </summary>
    /// <exception cref="ArgumentException">A buffer does not fit the batch.</exception>
    public static void Evaluate(Solutions.SolutionBatch<double> solutions, EvaluationResults results, GradientResults gradients,
        int measureDim, int featureDim, GradientRowEvaluation evaluate, int minParallelBatch = DefaultMinParallelBatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentNullException.ThrowIfNull(evaluate);
        int n = solutions.Count;
        results.EnsureFits(n, measureDim, featureDim);
        gradients.EnsureFits(n, measureDim, solutions.Width);
        if (n < minParallelBatch || Environment.ProcessorCount < 2)
        {
            for (int i = 0; i < n; i++) EvaluateRow(solutions, results, gradients, evaluate, i);
            return;
        }
        int chunks = Math.Min(n, 4 * Environment.ProcessorCount);
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, chunks, options, chunk =>
        {
            int from = (int)((long)n * chunk / chunks), to = (int)((long)n * (chunk + 1) / chunks);
            for (int i = from; i < to; i++) EvaluateRow(solutions, results, gradients, evaluate, i);
        });
    }

    private static void EvaluateRow(Solutions.SolutionBatch<double> solutions, EvaluationResults results, GradientResults gradients, GradientRowEvaluation evaluate, int i) =>
        results.Objectives[i] = evaluate(solutions.Row(i), results.MeasuresOf(i), results.FeaturesOf(i), gradients.JacobianOf(i));
}
