namespace QualityDiversity.Text.Search;

/// <summary>
/// The outcome of evaluating one text: its quality and measures (and optional features for
/// learned measures) when it succeeded, or the reason it failed. A failed evaluation is a
/// recorded result, never a silent zero: it does not enter the archive.
/// </summary>
public sealed class TextEvaluation
{
    private TextEvaluation(bool succeeded, double quality, double[] measures, double[] features, string? failure, IReadOnlyList<KeyValuePair<string, string>> annotations)
    {
        Succeeded = succeeded;
        Quality = quality;
        Measures = measures;
        Features = features;
        Failure = failure;
        Annotations = annotations;
    }

    /// <summary>Whether quality and measures are available.</summary>
    public bool Succeeded { get; }

    /// <summary>Quality (objective); NaN when failed.</summary>
    public double Quality { get; }

    /// <summary>Measures (empty when failed).</summary>
    public double[] Measures { get; }

    /// <summary>Features kept for learned measures (may be empty).</summary>
    public double[] Features { get; }

    /// <summary>Why the evaluation failed; null when it succeeded.</summary>
    public string? Failure { get; }

    /// <summary>Named details of how the scores were obtained (e.g. judge mode, labels, raw answers).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Annotations { get; }

    /// <summary>A successful evaluation.</summary>
    /// <exception cref="ArgumentException">The quality or a measure is not finite.</exception>
    public static TextEvaluation Success(double quality, double[] measures, double[]? features = null, IReadOnlyList<KeyValuePair<string, string>>? annotations = null)
    {
        ArgumentNullException.ThrowIfNull(measures);
        if (!double.IsFinite(quality)) throw new ArgumentException($"The quality must be finite, got {quality}.", nameof(quality));
        for (int i = 0; i < measures.Length; i++)
            if (!double.IsFinite(measures[i])) throw new ArgumentException($"Measure {i} must be finite, got {measures[i]}.", nameof(measures));
        return new TextEvaluation(true, quality, measures, features ?? [], null, annotations ?? []);
    }

    /// <summary>A failed evaluation with its reason.</summary>
    public static TextEvaluation Failed(string reason, IReadOnlyList<KeyValuePair<string, string>>? annotations = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new TextEvaluation(false, double.NaN, [], [], reason, annotations ?? []);
    }
}
