using QualityDiversity.Text.Search;

namespace QualityDiversity.Text.Selection;

/// <summary>
/// Chooses the examples a few-shot variation (language-model crossover or the offline
/// recombination) is conditioned on. Selection is synchronous and draws only from the
/// step's random generator, so runs are reproducible.
/// </summary>
public interface IFewShotSelector
{
    /// <summary>Short name recorded with the operator (e.g. "near", "fixed", "random_pool").</summary>
    string Name { get; }

    /// <summary>Chooses examples for one step.</summary>
    /// <exception cref="InvalidOperationException">There is nothing to choose from.</exception>
    FewShotSelection Select(TextVariationContext context);
}
