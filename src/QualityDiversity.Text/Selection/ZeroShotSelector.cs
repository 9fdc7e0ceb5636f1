using QualityDiversity.Text.Search;

namespace QualityDiversity.Text.Selection;

/// <summary>Selects no examples, so a few-shot operator prompts with the domain header alone (zero-shot initialisation).</summary>
public sealed class ZeroShotSelector : IFewShotSelector
{
    /// <inheritdoc />
    public string Name => "zero_shot";

    /// <inheritdoc />
    public FewShotSelection Select(TextVariationContext context) => new([], null);
}
