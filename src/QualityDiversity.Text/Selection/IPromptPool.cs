using QualityDiversity.Text.Genomes;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Text.Selection;

/// <summary>
/// The pool LMX-Replace swaps few-shot examples in from (and QDAIF's initialisation samples its
/// few-shot prompts from). A pool is a function of the step's context, so it needs no state of
/// its own and a resumed run sees the same pool.
/// </summary>
public interface IPromptPool
{
    /// <summary>The pool for the step of <paramref name="context"/>, in pool order.</summary>
    IReadOnlyList<TextGenome> Current(TextVariationContext context);
}
