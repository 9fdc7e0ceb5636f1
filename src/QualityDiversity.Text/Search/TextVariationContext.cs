using QualityDiversity.Archives;
using QualityDiversity.Randomness;
using QualityDiversity.Text.Genomes;

namespace QualityDiversity.Text.Search;

/// <summary>What a variation operator may look at when it prepares one step.</summary>
public sealed class TextVariationContext
{
    /// <summary>The archive of elite texts.</summary>
    public required IArchive<TextGenome> Archive { get; init; }

    /// <summary>The domain's seed texts (may be empty for zero-shot runs).</summary>
    public required IReadOnlyList<TextGenome> Seeds { get; init; }

    /// <summary>
    /// The texts the run started its prompts from: the seeds, and any texts generated zero-shot
    /// before the first step (<see cref="GenerativeSearchSettings.ZeroShotExamples"/>). They seed
    /// prompt pools whether or not they are in the archive.
    /// </summary>
    public IReadOnlyList<TextGenome> PromptExamples { get; init; } = [];

    /// <summary>Every successfully evaluated text so far, in order.</summary>
    public required TextHistory History { get; init; }

    /// <summary>The random generator of this step (derived from the run seed and the step).</summary>
    public required RandomSource Random { get; init; }

    /// <summary>The step being prepared (1-based; 0 during seeding).</summary>
    public required int Step { get; init; }

    /// <summary>Id the child of this step will get (for operators that keep per-lineage state).</summary>
    public required long ChildId { get; init; }

    /// <summary>Identity of this step's sampling call, for caching (see <see cref="TextVariationRequest.CallTag"/>).</summary>
    public required string CallTag { get; init; }
}
