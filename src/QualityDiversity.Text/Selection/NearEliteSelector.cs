using QualityDiversity.Text.Search;

namespace QualityDiversity.Text.Selection;

/// <summary>
/// QDAIF's "near" few-shot selection: a parent elite is drawn uniformly, then the examples are
/// drawn without replacement from all elites with weight 1 / (1 + d^3), where d is the
/// Euclidean distance between the elite's cell coordinates and the parent's. Close elites
/// dominate, so children tend to stay near their parent's niche while still mixing.
/// </summary>
public sealed class NearEliteSelector : IFewShotSelector
{
    /// <summary>Creates the selector.</summary>
    /// <param name="examples">Examples per prompt (at least 1).</param>
    public NearEliteSelector(int examples = 3)
    {
        if (examples < 1) throw new ArgumentOutOfRangeException(nameof(examples), examples, "A few-shot prompt needs at least one example.");
        Examples = examples;
    }

    /// <summary>Examples per prompt.</summary>
    public int Examples { get; }

    /// <inheritdoc />
    public string Name => "near";

    /// <inheritdoc />
    public FewShotSelection Select(TextVariationContext context)
    {
        var archive = context.Archive;
        if (archive.IsEmpty) throw new InvalidOperationException("Near selection needs at least one elite; the archive is empty.");
        var slots = archive.Store.OccupiedSlots.ToArray();
        int parentSlot = slots[context.Random.NextInt(slots.Length)];
        var parentCoords = ArchiveElites.CellCoordinates(archive, archive.Store.Measures(parentSlot));

        var weights = new double[slots.Length];
        for (int i = 0; i < slots.Length; i++)
        {
            var coords = ArchiveElites.CellCoordinates(archive, archive.Store.Measures(slots[i]));
            double d2 = 0;
            for (int k = 0; k < coords.Length; k++) d2 += (coords[k] - parentCoords[k]) * (coords[k] - parentCoords[k]);
            double d = Math.Sqrt(d2);
            weights[i] = 1.0 / (1.0 + d * d * d);
        }
        var picks = WeightedDraw.WithoutReplacement(weights, Examples, context.Random);
        var examples = picks.Select(i => ArchiveElites.At(archive, slots[i])).ToArray();
        return new FewShotSelection(examples, ArchiveElites.At(archive, parentSlot));
    }
}
