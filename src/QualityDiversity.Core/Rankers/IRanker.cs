using QualityDiversity.Archives;
using QualityDiversity.Emitters;
using QualityDiversity.Persistence;
using QualityDiversity.Randomness;

namespace QualityDiversity.Rankers;

/// <summary>
/// Orders an evolution-strategy emitter's evaluated batch from best to worst; the strategy then
/// recombines the best candidates (Fontaine et al. 2020, CMA-ME; Fontaine and Nikolaidis 2023,
/// CMA-MAE). A ranker sorts by one value per candidate, descending; a two-stage ranker first
/// sorts by archive status (new cell &gt; improved cell &gt; not added) and then by that value.
/// Ties are broken by candidate index, ascending, so a ranking is always deterministic.
/// </summary>
/// <remarks>
/// A ranker may hold state drawn at <see cref="Reset"/> (the random direction of the
/// random-direction rankers); that state is checkpointable.
/// </remarks>
public interface IRanker : ICheckpointable
{
    /// <summary>The short name (<c>imp</c>, <c>2imp</c>, <c>rd</c>, <c>2rd</c>, <c>obj</c>, <c>2obj</c>).</summary>
    string Name { get; }

    /// <summary>Whether candidates are grouped by archive status before they are sorted by value.</summary>
    bool IsTwoStage { get; }

    /// <summary>
    /// Resets the ranker's internal state when its emitter (re)starts, e.g. draws a new random
    /// direction in measure space. Rankers without state do nothing.
    /// </summary>
    /// <param name="archive">The archive the emitter searches in.</param>
    /// <param name="random">The emitter's random generator.</param>
    void Reset(IArchive<double> archive, RandomSource random);

    /// <summary>
    /// Ranks the candidates of <paramref name="feedback"/>.
    /// </summary>
    /// <param name="feedback">The evaluated batch with its archive statuses and improvement values.</param>
    /// <param name="ranking">Receives the candidate indices, best first (its first <c>n</c> entries are written).</param>
    /// <param name="values">
    /// Receives, per candidate and in candidate order, the value the ranker sorts by (within a
    /// status group for two-stage rankers).
    /// </param>
    /// <exception cref="ArgumentException">A buffer holds fewer entries than the batch has candidates.</exception>
    /// <exception cref="InvalidOperationException">The ranker needs a <see cref="Reset"/> first.</exception>
    void Rank(in EmitterFeedback<double> feedback, Span<int> ranking, Span<double> values);
}
