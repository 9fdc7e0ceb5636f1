namespace QualityDiversity.Text.Domains;

/// <summary>
/// How a domain's quality is judged: the probability of "yes" to a question (QDAIF's opinions
/// and stories), or a 1–10 rating (poetry). <see cref="Description"/> is what the offline mode
/// compares texts to with the embedding model.
/// </summary>
public sealed record TextQuality
{
    /// <summary>The question or rating criterion.</summary>
    public required string Question { get; init; }

    /// <summary>Whether the judge rates 1–10 instead of answering yes/no.</summary>
    public bool Rating { get; init; }

    /// <summary>Ratings: the JSON key the rating is read from ("rating"; QDAIF's poetry reference: "quality").</summary>
    public string JsonKey { get; init; } = "rating";

    /// <summary>Yes/no questions: the option whose probability is the quality.</summary>
    public string FirstOption { get; init; } = "yes";

    /// <summary>Yes/no questions: the other option.</summary>
    public string SecondOption { get; init; } = "no";

    /// <summary>Offline mode: a description of an ideal text, compared by embedding similarity.</summary>
    public required string Description { get; init; }
}
