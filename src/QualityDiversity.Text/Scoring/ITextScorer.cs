namespace QualityDiversity.Text.Scoring;

/// <summary>
/// Gives a text one number: its quality, or its position on one measure axis. Implemented by
/// language-model judges and by the local embedding model. Expected failures are returned as
/// <see cref="TextScore.Failed"/>; only cancellation throws.
/// </summary>
public interface ITextScorer
{
    /// <summary>Name used in annotations and errors (e.g. the axis name).</summary>
    string Name { get; }

    /// <summary>Scores one text.</summary>
    Task<TextScore> ScoreAsync(string text, CancellationToken cancellationToken);
}
