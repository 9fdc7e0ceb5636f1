using QualityDiversity.Text.Genomes;

namespace QualityDiversity.Text.Search;

/// <summary>
/// An evaluator that is much faster on many texts at once (a local model that batches its
/// inputs). <see cref="GenerativeSearch"/> then generates a whole batch first and evaluates it
/// in one call, instead of evaluating each text as soon as it is generated.
/// </summary>
public interface IBatchTextEvaluator : ITextEvaluator
{
    /// <summary>Evaluates <paramref name="texts"/>; one result per text, in order.</summary>
    Task<TextEvaluation[]> EvaluateBatchAsync(IReadOnlyList<TextGenome> texts, CancellationToken cancellationToken);
}
