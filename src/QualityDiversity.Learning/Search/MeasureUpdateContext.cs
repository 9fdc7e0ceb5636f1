using QualityDiversity.Archives;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Randomness;

namespace QualityDiversity.Learning.Search;

/// <summary>Samples and evaluates <c>count</c> fresh random candidates (with their features).</summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public delegate ValueTask<CandidateBatch<T>> FreshCandidateSampler<T>(int count, CancellationToken cancellationToken);

/// <summary>Turns a candidate (its solution row and features) into an item that a judge can be shown.</summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public delegate JudgedItem JudgedItemFactory<T>(ReadOnlySpan<T> solution, ReadOnlySpan<double> features);

/// <summary>What a measure-space learner sees at an update.</summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
/// <param name="Iteration">The iteration (1-based) the update happens before.</param>
/// <param name="UpdateIndex">0 for the first update, then 1, 2, …</param>
/// <param name="Candidates">
/// The candidates the new space is built for, with their features: the initial population at the
/// first update, the archive's elites afterwards (their measures are those of the old space).
/// </param>
/// <param name="FeatureDim">Features per candidate.</param>
/// <param name="Random">The run's generator for learner decisions (triplet choice, training seeds).</param>
/// <param name="SampleFresh">Evaluates fresh random candidates, for judgments at the first update.</param>
/// <param name="ToItem">Builds the item a judge sees for a candidate.</param>
public sealed record MeasureUpdateContext<T>(
    int Iteration,
    int UpdateIndex,
    CandidateBatch<T> Candidates,
    int FeatureDim,
    RandomSource Random,
    FreshCandidateSampler<T> SampleFresh,
    JudgedItemFactory<T> ToItem);
