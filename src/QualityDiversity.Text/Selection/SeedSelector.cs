using QualityDiversity.Text.Search;

namespace QualityDiversity.Text.Selection;

/// <summary>
/// Few-shot examples taken from the domain's seed texts: in their fixed order (the
/// Fixed-Few-Shot baseline) or freshly shuffled each step (Shuffling-Few-Shot, and the seeded
/// initialisation). With no seeds, selects nothing, which makes the prompt zero-shot.
/// </summary>
public sealed class SeedSelector : IFewShotSelector
{
    /// <summary>Creates the selector.</summary>
    public SeedSelector(bool shuffle, int examples = 3)
    {
        if (examples < 1) throw new ArgumentOutOfRangeException(nameof(examples), examples, "A few-shot prompt needs at least one example.");
        Shuffle = shuffle;
        Examples = examples;
    }

    /// <summary>Whether the seeds are shuffled each step.</summary>
    public bool Shuffle { get; }

    /// <summary>Examples per prompt (at most the number of seeds).</summary>
    public int Examples { get; }

    /// <inheritdoc />
    public string Name => Shuffle ? "shuffled_seeds" : "fixed_seeds";

    /// <inheritdoc />
    public FewShotSelection Select(TextVariationContext context)
    {
        var seeds = context.Seeds;
        if (seeds.Count == 0) return new FewShotSelection([], null);
        if (!Shuffle) return new FewShotSelection(seeds.Take(Examples).ToArray(), null);
        var picks = WeightedDraw.Uniform(seeds.Count, Examples, context.Random);
        return new FewShotSelection(picks.Select(i => seeds[i]).ToArray(), null);
    }
}
