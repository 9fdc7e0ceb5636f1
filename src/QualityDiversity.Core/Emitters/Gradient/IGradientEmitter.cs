using QualityDiversity.Solutions;

namespace QualityDiversity.Emitters.Gradient;

/// <summary>
/// An emitter of differentiable quality diversity (DQD; Fontaine and Nikolaidis 2021): each step
/// has two phases. First <see cref="AskDqd"/> proposes the points whose gradients it needs; they
/// are evaluated with their Jacobians, added to the archive, and handed back through
/// <see cref="TellDqd"/>. Then the ordinary <see cref="IEmitter{T}.Ask"/> branches out from those
/// points along the gradients, and <see cref="IEmitter{T}.Tell"/> receives that batch's outcome.
/// A <see cref="Schedulers.GradientScheduler{T}"/> drives the two phases.
/// </summary>
/// <remarks>
/// The Jacobians that <see cref="TellDqd"/> receives belong to the current step only: an emitter
/// needs a fresh <see cref="AskDqd"/>/<see cref="TellDqd"/> before every <see cref="IEmitter{T}.Ask"/>,
/// and its checkpointed state (taken between steps) does not include them.
/// </remarks>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public interface IGradientEmitter<T> : IEmitter<T>
{
    /// <summary>Nominal number of points per <see cref="AskDqd"/> (pyribs' <c>batch_size_dqd</c>).</summary>
    int GradientBatchSize { get; }

    /// <summary>
    /// Proposes the points whose gradients the emitter needs (pyribs' <c>ask_dqd</c>). The buffer
    /// is owned by the emitter and valid until its next ask. It may be empty (for example while
    /// an operator emitter proposes its initial solutions).
    /// </summary>
    SolutionBatch<T> AskDqd();

    /// <summary>
    /// Receives the evaluation, archive outcome and Jacobians of the points last returned by
    /// <see cref="AskDqd"/> (pyribs' <c>tell_dqd</c>).
    /// </summary>
    /// <param name="feedback">The evaluated points with their archive statuses and values.</param>
    /// <param name="jacobians">Per point a <c>(1 + m) x d</c> Jacobian, objective gradient first, row-major (see <see cref="Evaluation.Gradients.GradientResults"/>).</param>
    /// <exception cref="ArgumentException">The feedback or the Jacobians do not match the last <see cref="AskDqd"/>.</exception>
    void TellDqd(in EmitterFeedback<T> feedback, ReadOnlySpan<double> jacobians);
}
