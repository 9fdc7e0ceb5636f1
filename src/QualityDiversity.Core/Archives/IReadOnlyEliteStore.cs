namespace QualityDiversity.Archives;

/// <summary>
/// A read-only view of an archive's elites, indexed by slot (the cell index of cell-based
/// archives): spans straight into the archive's struct-of-arrays storage, without copies. Only
/// the archive changes its elites (through Add and Clear), so its count and statistics always
/// agree with what this view shows.
/// </summary>
/// <remarks>
/// Spans stay valid until the archive next changes. The per-slot accessors read whatever the
/// slot holds; only <see cref="OccupiedSlots"/> (or <see cref="IsOccupied"/>) says which slots
/// hold an elite. <see cref="Threshold"/> is meaningful for every slot (CMA-MAE thresholds
/// outlive a <c>Clear</c> of nothing but elites).
/// </remarks>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public interface IReadOnlyEliteStore<T>
{
    /// <summary>Elements per solution.</summary>
    int SolutionWidth { get; }

    /// <summary>Measures per elite.</summary>
    int MeasureDim { get; }

    /// <summary>Features per elite (0 when none are kept).</summary>
    int FeatureDim { get; }

    /// <summary>Threshold of a slot that has never been filled.</summary>
    double InitialThreshold { get; }

    /// <summary>Number of slots.</summary>
    int Capacity { get; }

    /// <summary>Number of occupied slots (the archive's number of elites).</summary>
    int Count { get; }

    /// <summary>The occupied slots, in insertion order (not sorted).</summary>
    ReadOnlySpan<int> OccupiedSlots { get; }

    /// <summary>Whether <paramref name="slot"/> holds an elite.</summary>
    bool IsOccupied(int slot);

    /// <summary>The solution stored in <paramref name="slot"/>.</summary>
    ReadOnlySpan<T> Solution(int slot);

    /// <summary>The objective stored in <paramref name="slot"/>.</summary>
    double Objective(int slot);

    /// <summary>The measures stored in <paramref name="slot"/>.</summary>
    ReadOnlySpan<double> Measures(int slot);

    /// <summary>The features stored in <paramref name="slot"/> (empty when none are kept).</summary>
    ReadOnlySpan<double> Features(int slot);

    /// <summary>The acceptance threshold of <paramref name="slot"/>.</summary>
    double Threshold(int slot);

    /// <summary>A copy of the elite in <paramref name="slot"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The slot is outside the store or holds no elite.</exception>
    Elite<T> EliteAt(int slot);
}
