using QualityDiversity.Text.Genomes;

namespace QualityDiversity.Text.Search;

/// <summary>
/// Gives a text its quality and measures (hand-written, embedded, or asked of a language model).
/// Called concurrently for different texts; expected failures (refusals, malformed answers,
/// exhausted retries) are returned as <see cref="TextEvaluation.Failed"/>, not thrown.
/// </summary>
public interface ITextEvaluator
{
    /// <summary>Measures per text.</summary>
    int MeasureDim { get; }

    /// <summary>Features per text (0 when none).</summary>
    int FeatureDim { get; }

    /// <summary>Evaluates one text.</summary>
    Task<TextEvaluation> EvaluateAsync(TextGenome text, CancellationToken cancellationToken);
}
