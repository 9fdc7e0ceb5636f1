using QualityDiversity.Archives;
using QualityDiversity.Evaluation;
using QualityDiversity.Evaluation.Gradients;
using QualityDiversity.Solutions;

namespace QualityDiversity.Schedulers;

/// <summary>
/// A scheduler of differentiable quality diversity, whose every step has a gradient phase before
/// the ordinary ask/tell: <see cref="AskDqd"/> → evaluate with Jacobians → <see cref="TellDqd"/> →
/// <see cref="IScheduler{T}.Ask"/> → evaluate → <see cref="IScheduler{T}.Tell"/> (pyribs'
/// <c>ask_dqd</c>/<c>tell_dqd</c>). <see cref="Runs.SearchRunner{T}"/> recognises this interface
/// and runs both phases in each iteration, evaluating the first through an
/// <see cref="IGradientEvaluator{T}"/>.
/// </summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public interface IGradientScheduler<T> : IScheduler<T>
{
    /// <summary>Proposes the points whose gradients the emitters need. The buffer is owned by the scheduler and valid until the next ask.</summary>
    /// <exception cref="InvalidOperationException">A step is already under way.</exception>
    SolutionBatch<T> AskDqd();

    /// <summary>
    /// Adds the evaluated points of the last <see cref="AskDqd"/> to the archives and hands each
    /// gradient emitter its points' outcome and Jacobians.
    /// </summary>
    /// <exception cref="InvalidOperationException">No gradient batch is outstanding.</exception>
    /// <exception cref="ArgumentException">The Jacobians do not fit the batch; nothing was changed.</exception>
    /// <exception cref="ArchiveInputException">The results are malformed; nothing was changed and the batch stays outstanding.</exception>
    void TellDqd(EvaluationResults results, GradientResults gradients);

    /// <summary>Statuses of the last told gradient batch, in the order of that batch.</summary>
    ReadOnlySpan<AddStatus> LastDqdStatus { get; }
}
