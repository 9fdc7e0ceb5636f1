namespace QualityDiversity.Text.Search;

/// <summary>
/// A variation operator over texts, split in two so that a run is reproducible however
/// concurrent generation completes: <see cref="Prepare"/> makes every random choice
/// (parents, few-shot examples, target labels) synchronously and in step order;
/// <see cref="GenerateAsync"/> then produces the text (e.g. by asking a language model) and
/// may run concurrently with other steps.
/// </summary>
public interface ITextVariation
{
    /// <summary>Name recorded as each child's operator.</summary>
    string Name { get; }

    /// <summary>Chooses parents and builds the request for one step.</summary>
    /// <exception cref="InvalidOperationException">The operator cannot act on the current archive (e.g. it is empty).</exception>
    TextVariationRequest Prepare(TextVariationContext context);

    /// <summary>Produces the child text. Expected failures are returned, not thrown.</summary>
    Task<TextVariationOutcome> GenerateAsync(TextVariationRequest request, CancellationToken cancellationToken);
}
