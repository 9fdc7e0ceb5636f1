namespace QualityDiversity.Text.Scoring;

/// <summary>One scorer's verdict on one text: a value, or why there is none, and how it was obtained.</summary>
public sealed class TextScore
{
    private TextScore(double value, string? failure, string mode, string? raw)
    {
        Value = value;
        Failure = failure;
        Mode = mode;
        Raw = raw;
    }

    /// <summary>The score; NaN when failed.</summary>
    public double Value { get; }

    /// <summary>Why no score could be given; null on success.</summary>
    public string? Failure { get; }

    /// <summary>Whether a score is available.</summary>
    public bool Succeeded => Failure is null;

    /// <summary>How the score was obtained (e.g. "logprobs", "verbal_number", "json", "embedding").</summary>
    public string Mode { get; }

    /// <summary>The raw answer it was read from, when there was one.</summary>
    public string? Raw { get; }

    /// <summary>A score.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not finite.</exception>
    public static TextScore Of(double value, string mode, string? raw = null)
    {
        if (!double.IsFinite(value)) throw new ArgumentException($"A score must be finite, got {value}.", nameof(value));
        return new TextScore(value, null, mode, raw);
    }

    /// <summary>No score, with the reason.</summary>
    public static TextScore Failed(string reason, string mode, string? raw = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new TextScore(double.NaN, reason, mode, raw);
    }
}
