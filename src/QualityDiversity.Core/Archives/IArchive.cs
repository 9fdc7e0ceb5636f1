using QualityDiversity.Persistence;
using QualityDiversity.Randomness;

namespace QualityDiversity.Archives;

/// <summary>
/// A collection of elites organised by their measures. Every archive shares one batch add
/// contract: <see cref="Add(in CandidateBatch{T}, Span{AddStatus}, Span{double})"/> gives each
/// candidate a status and an improvement value, and rejects a malformed batch as a whole.
/// </summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public interface IArchive<T> : ICheckpointable
{
    /// <summary>Elements per solution.</summary>
    int SolutionWidth { get; }

    /// <summary>Measures per candidate.</summary>
    int MeasureDim { get; }

    /// <summary>Features kept per elite (0 when none are kept).</summary>
    int FeatureDim { get; }

    /// <summary>Number of cells, the denominator of coverage and of the normalised QD score.</summary>
    int CellCount { get; }

    /// <summary>Value subtracted from each objective when summing the QD score.</summary>
    double QdScoreOffset { get; }

    /// <summary>Number of elites.</summary>
    int Count { get; }

    /// <summary>Whether the archive holds no elite.</summary>
    bool IsEmpty { get; }

    /// <summary>
    /// A read-only view of the elites, indexed by slot, without copies. The archive changes only
    /// through <see cref="Add(in CandidateBatch{T})"/> and <see cref="Clear"/>, so
    /// <see cref="Count"/> and <see cref="Statistics"/> always describe what this view shows.
    /// </summary>
    IReadOnlyEliteStore<T> Store { get; }

    /// <summary>Current statistics.</summary>
    ArchiveStatistics Statistics { get; }

    /// <summary>
    /// Offers a batch of evaluated candidates. Writes a status and an improvement value per
    /// candidate into <paramref name="status"/> and <paramref name="value"/>.
    /// </summary>
    /// <exception cref="ArchiveInputException">The batch is malformed; nothing was changed.</exception>
    void Add(in CandidateBatch<T> batch, Span<AddStatus> status, Span<double> value);

    /// <summary>Offers a batch of evaluated candidates and returns the per-candidate outcome.</summary>
    /// <exception cref="ArchiveInputException">The batch is malformed; nothing was changed.</exception>
    AddResult Add(in CandidateBatch<T> batch);

    /// <summary>Fills <paramref name="slots"/> with elites' slots drawn uniformly with replacement.</summary>
    /// <exception cref="InvalidOperationException">The archive is empty.</exception>
    void SampleSlots(RandomSource random, Span<int> slots);

    /// <summary>The slot of the elite that represents <paramref name="measures"/>, or -1 when there is none.</summary>
    int FindSlot(ReadOnlySpan<double> measures);

    /// <summary>Copies of every elite, for enumeration and export.</summary>
    IEnumerable<Elite<T>> Elites();

    /// <summary>Removes every elite and resets thresholds.</summary>
    void Clear();
}
