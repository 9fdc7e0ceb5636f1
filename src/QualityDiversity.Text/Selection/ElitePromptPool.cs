using QualityDiversity.Text.Genomes;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Text.Selection;

/// <summary>
/// This project's LMX-Replace pool: the seeds, then the best <see cref="TopPerCell"/> texts of
/// every cell with the best cells first, keeping the first <see cref="Capacity"/>.
/// </summary>
public sealed class ElitePromptPool : IPromptPool
{
    /// <summary>Creates the pool.</summary>
    public ElitePromptPool(int topPerCell = 3, int capacity = 100)
    {
        if (topPerCell < 1) throw new ArgumentOutOfRangeException(nameof(topPerCell), topPerCell, "The prompt pool needs at least the best text of each cell.");
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The prompt pool needs room for at least one text.");
        TopPerCell = topPerCell;
        Capacity = capacity;
    }

    /// <summary>Texts per cell that join the pool.</summary>
    public int TopPerCell { get; }

    /// <summary>Largest pool.</summary>
    public int Capacity { get; }

    /// <inheritdoc />
    public IReadOnlyList<TextGenome> Current(TextVariationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var pool = new List<TextGenome>(context.Seeds.Take(Capacity));
        foreach (var text in ArchiveElites.BestPerCell(context.Archive, TopPerCell))
        {
            if (pool.Count >= Capacity) break;
            pool.Add(text);
        }
        return pool;
    }
}
