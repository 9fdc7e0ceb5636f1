using QualityDiversity.Text.Search;

namespace QualityDiversity.Text.Selection;

/// <summary>Plain language-model crossover: examples drawn uniformly without replacement from the elites.</summary>
public sealed class UniformEliteSelector : IFewShotSelector
{
    /// <summary>Creates the selector.</summary>
    public UniformEliteSelector(int examples = 3)
    {
        if (examples < 1) throw new ArgumentOutOfRangeException(nameof(examples), examples, "A few-shot prompt needs at least one example.");
        Examples = examples;
    }

    /// <summary>Examples per prompt.</summary>
    public int Examples { get; }

    /// <inheritdoc />
    public string Name => "uniform";

    /// <inheritdoc />
    public FewShotSelection Select(TextVariationContext context)
    {
        var archive = context.Archive;
        if (archive.IsEmpty) throw new InvalidOperationException("Uniform elite selection needs at least one elite; the archive is empty.");
        var slots = archive.Store.OccupiedSlots;
        var picks = WeightedDraw.Uniform(slots.Length, Examples, context.Random);
        var examples = picks.Select(i => ArchiveElites.At(archive, archive.Store.OccupiedSlots[i])).ToArray();
        return new FewShotSelection(examples, examples[0]);
    }
}
