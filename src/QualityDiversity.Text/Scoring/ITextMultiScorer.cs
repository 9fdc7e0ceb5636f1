namespace QualityDiversity.Text.Scoring;

/// <summary>
/// Gives a text several numbers from one judgment, e.g. a poem's genre and tone read from a
/// single JSON answer. Expected failures are returned as <see cref="TextScore.Failed"/> (per
/// number); only cancellation throws.
/// </summary>
public interface ITextMultiScorer
{
    /// <summary>Names of the numbers, in order (e.g. the axis names).</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>Scores one text: one score per name, in order.</summary>
    Task<IReadOnlyList<TextScore>> ScoreAsync(string text, CancellationToken cancellationToken);
}
