using QualityDiversity.Archives;
using QualityDiversity.Archives.Depth;
using QualityDiversity.Text.Genomes;

namespace QualityDiversity.Text.Selection;

/// <summary>Reads elite texts, their cells and cell coordinates from any archive of texts.</summary>
public static class ArchiveElites
{
    /// <summary>The elite text stored in <paramref name="slot"/>.</summary>
    public static TextGenome At(IArchive<TextGenome> archive, int slot) =>
        archive.Store.Solution(slot)[0] ?? throw new InvalidOperationException($"Archive slot {slot} holds no text.");

    /// <summary>
    /// Per-axis coordinates of the cell holding <paramref name="measures"/>: bin indices on a
    /// grid, label indices on a categorical archive, the measures themselves otherwise. The
    /// "near" weighting measures distances between these.
    /// </summary>
    public static double[] CellCoordinates(IArchive<TextGenome> archive, ReadOnlySpan<double> measures)
    {
        var inner = Unwrap(archive);
        if (inner is GridArchive<TextGenome> grid)
        {
            var index = grid.GridIndexOf(grid.CellOf(measures));
            return Array.ConvertAll(index, i => (double)i);
        }
        return measures.ToArray(); // categorical measures are label indices already
    }

    /// <summary>The cell of <paramref name="measures"/>, or -1 for archives without fixed cells.</summary>
    public static int CellOf(IArchive<TextGenome> archive, ReadOnlySpan<double> measures) =>
        Unwrap(archive) is CellArchive<TextGenome> cells ? cells.CellOf(measures) : -1;

    /// <summary>The archive that decides cells: the inner archive of a depth decorator, else the archive itself.</summary>
    public static IArchive<TextGenome> Unwrap(IArchive<TextGenome> archive) =>
        archive is CellDepthArchive<TextGenome> depth ? depth.Inner : archive;

    /// <summary>
    /// The best <paramref name="perCell"/> texts of every cell, best cells first by their elite's
    /// quality. Archives that keep a per-cell depth give up to that many per cell; others give
    /// their elites.
    /// </summary>
    public static IEnumerable<TextGenome> BestPerCell(IArchive<TextGenome> archive, int perCell)
    {
        if (archive is CellDepthArchive<TextGenome> depth)
        {
            var cells = depth.OccupiedCells().Select(c => (Cell: c, Entries: depth.CellEntries(c))).Where(c => c.Entries.Count > 0)
                .OrderByDescending(c => c.Entries[0].Objective).ThenBy(c => c.Cell);
            foreach (var (_, entries) in cells)
                for (int k = 0; k < Math.Min(perCell, entries.Count); k++)
                    yield return entries[k].Solution[0];
            yield break;
        }
        var slots = archive.Store.OccupiedSlots.ToArray();
        Array.Sort(slots, (a, b) => archive.Store.Objective(b).CompareTo(archive.Store.Objective(a)) is var c && c != 0 ? c : a.CompareTo(b));
        foreach (var slot in slots) yield return At(archive, slot);
    }
}
