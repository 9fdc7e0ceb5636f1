namespace QualityDiversity.Text.Search;

/// <summary>What <see cref="ITextVariation.Prepare"/> decided for one step.</summary>
public sealed class TextVariationRequest
{
    /// <summary>Creates a request.</summary>
    public TextVariationRequest(IReadOnlyList<long> parentIds, string prompt, string callTag, object? payload = null)
    {
        ArgumentNullException.ThrowIfNull(parentIds);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(callTag);
        ParentIds = parentIds;
        Prompt = prompt;
        CallTag = callTag;
        Payload = payload;
    }

    /// <summary>Ids of the texts the child is conditioned on.</summary>
    public IReadOnlyList<long> ParentIds { get; }

    /// <summary>The prompt (or a description of the recombination) that produces the child.</summary>
    public string Prompt { get; }

    /// <summary>
    /// Identity of this sampling call within the run (seed and step). Sampled generations are
    /// cached under it so that a resumed or repeated run gets the same child without paying again,
    /// while different steps with the same prompt still draw fresh samples.
    /// </summary>
    public string CallTag { get; }

    /// <summary>Operator-specific data chosen at preparation.</summary>
    public object? Payload { get; }
}
