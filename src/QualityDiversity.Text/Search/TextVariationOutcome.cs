namespace QualityDiversity.Text.Search;

/// <summary>A generated child text, or why none was produced.</summary>
public sealed class TextVariationOutcome
{
    private TextVariationOutcome(string? text, string? failure, IReadOnlyList<KeyValuePair<string, string>> annotations)
    {
        Text = text;
        Failure = failure;
        Annotations = annotations;
    }

    /// <summary>The child; null when generation failed.</summary>
    public string? Text { get; }

    /// <summary>Why generation failed; null when it succeeded.</summary>
    public string? Failure { get; }

    /// <summary>Whether a child was produced.</summary>
    public bool Succeeded => Text is not null;

    /// <summary>Named details of the generation.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Annotations { get; }

    /// <summary>A produced child.</summary>
    public static TextVariationOutcome Produced(string text, IReadOnlyList<KeyValuePair<string, string>>? annotations = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TextVariationOutcome(text, null, annotations ?? []);
    }

    /// <summary>A failed generation.</summary>
    public static TextVariationOutcome Failed(string reason, IReadOnlyList<KeyValuePair<string, string>>? annotations = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new TextVariationOutcome(null, reason, annotations ?? []);
    }
}
