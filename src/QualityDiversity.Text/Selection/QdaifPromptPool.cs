using QualityDiversity.Archives;
using QualityDiversity.Archives.Depth;
using QualityDiversity.Text.Genomes;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Text.Selection;

/// <summary>
/// QDAIF's reference prompt pool: a first-in-first-out queue of at most <see cref="Capacity"/>
/// texts (100). It starts as the run's prompt examples (the seeds, or the texts generated
/// zero-shot). Once past initialisation (from step <see cref="RefillFromStep"/>), every text that
/// enters a cell's depth list refills it: the seeds, then the best <see cref="TopPerCell"/> texts
/// of each cell in cell order are pushed through the queue, which keeps the last
/// <see cref="Capacity"/> pushed; a refill of no more than <see cref="MinimumSize"/> texts leaves
/// the pool as it was.
/// </summary>
/// <remarks>
/// The pool is derived from the step's context rather than kept: the archive changes only when a
/// text enters it, and once one has at or after <see cref="RefillFromStep"/>, every later entry
/// refills the pool from the archive as it then is. So the pool now is the refill of the current
/// archive if some kept text was added at or after that step (a text that entered then is still
/// kept, or was pushed out by a later one), and the prompt examples otherwise.
/// </remarks>
public sealed class QdaifPromptPool : IPromptPool
{
    /// <summary>Creates the pool.</summary>
    /// <param name="refillFromStep">First step whose entries refill the pool (the reference: initialisation steps + 2, counting steps from 1).</param>
    /// <param name="capacity">Largest pool (the reference: 100).</param>
    /// <param name="topPerCell">Texts per cell in a refill (the reference: 3).</param>
    /// <param name="minimumSize">A refill must hold more than this many texts to replace the pool (the reference: the 3 few-shot examples).</param>
    public QdaifPromptPool(int refillFromStep, int capacity = 100, int topPerCell = 3, int minimumSize = 3)
    {
        if (refillFromStep < 1) throw new ArgumentOutOfRangeException(nameof(refillFromStep), refillFromStep, "Steps count from 1.");
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The prompt pool needs room for at least one text.");
        if (topPerCell < 1) throw new ArgumentOutOfRangeException(nameof(topPerCell), topPerCell, "A refill needs at least the best text of each cell.");
        if (minimumSize < 0) throw new ArgumentOutOfRangeException(nameof(minimumSize), minimumSize, "The minimum size cannot be negative.");
        RefillFromStep = refillFromStep;
        Capacity = capacity;
        TopPerCell = topPerCell;
        MinimumSize = minimumSize;
    }

    /// <summary>First step whose archive entries refill the pool.</summary>
    public int RefillFromStep { get; }

    /// <summary>Largest pool.</summary>
    public int Capacity { get; }

    /// <summary>Texts per cell in a refill.</summary>
    public int TopPerCell { get; }

    /// <summary>A refill must hold more than this many texts.</summary>
    public int MinimumSize { get; }

    /// <inheritdoc />
    public IReadOnlyList<TextGenome> Current(TextVariationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (RefilledBy(context.Archive))
        {
            var refill = new List<TextGenome>(context.Seeds);
            refill.AddRange(TopPerCellInCellOrder(context.Archive));
            if (refill.Count > MinimumSize) return Last(refill);
        }
        return Last(context.PromptExamples);
    }

    // What a queue of Capacity keeps after these texts are pushed in order.
    private IReadOnlyList<TextGenome> Last(IReadOnlyList<TextGenome> pushed) =>
        pushed.Count <= Capacity ? pushed : pushed.Skip(pushed.Count - Capacity).ToArray();

    private bool RefilledBy(IArchive<TextGenome> archive) => Kept(archive).Any(g => g.Step >= RefillFromStep);

    private IEnumerable<TextGenome> TopPerCellInCellOrder(IArchive<TextGenome> archive)
    {
        if (archive is CellDepthArchive<TextGenome> depth)
        {
            foreach (int cell in depth.OccupiedCells())
            {
                var entries = depth.CellEntries(cell);
                for (int k = 0; k < Math.Min(TopPerCell, entries.Count); k++) yield return entries[k].Solution[0];
            }
            yield break;
        }
        // Without depth a cell keeps its elite only.
        var slots = archive.Store.OccupiedSlots.ToArray();
        var cells = slots.Select(s => ArchiveElites.CellOf(archive, archive.Store.Measures(s))).ToArray();
        Array.Sort(cells, slots);
        foreach (int slot in slots) yield return ArchiveElites.At(archive, slot);
    }

    // Every text the archive keeps (depth lists included).
    private static IEnumerable<TextGenome> Kept(IArchive<TextGenome> archive)
    {
        if (archive is CellDepthArchive<TextGenome> depth) return depth.AllEntries().Select(e => e.Entry.Solution[0]);
        return archive.Store.OccupiedSlots.ToArray().Select(s => ArchiveElites.At(archive, s));
    }
}
