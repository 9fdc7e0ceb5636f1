namespace QualityDiversity.Text.Scoring;

/// <summary>One axis's <see cref="ITextScorer"/> seen as an <see cref="ITextMultiScorer"/> of one measure.</summary>
public sealed class SingleMeasureScorer : ITextMultiScorer
{
    /// <summary>Wraps <paramref name="scorer"/>.</summary>
    public SingleMeasureScorer(ITextScorer scorer)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        Scorer = scorer;
        Names = [scorer.Name];
    }

    /// <summary>The wrapped scorer.</summary>
    public ITextScorer Scorer { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TextScore>> ScoreAsync(string text, CancellationToken cancellationToken) =>
        [await Scorer.ScoreAsync(text, cancellationToken).ConfigureAwait(false)];
}
