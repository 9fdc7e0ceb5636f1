using QualityDiversity.Archives;

namespace QualityDiversity.Learning.Search;

/// <summary>Watches a <see cref="LearnedMeasureSearch{T}"/>: updates, evaluated batches and iterations.</summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public interface ILearnedMeasureObserver<T>
{
    /// <summary>Called after each measure-space update, once the new archive holds the re-inserted elites.</summary>
    void OnMeasureUpdate(MeasureUpdateReport report);

    /// <summary>
    /// Called with every batch the search evaluated (the initial population at iteration 0), with
    /// the evaluator's ground-truth measures.
    /// </summary>
    void OnEvaluated(int iteration, in CandidateBatch<T> groundTruth);

    /// <summary>Called at the end of each iteration with the current search archive.</summary>
    ValueTask OnIterationEndAsync(int iteration, IArchive<T> archive, CancellationToken cancellationToken);
}
