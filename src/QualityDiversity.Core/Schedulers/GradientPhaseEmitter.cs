using QualityDiversity.Archives;
using QualityDiversity.Emitters;
using QualityDiversity.Emitters.Gradient;
using QualityDiversity.Solutions;

namespace QualityDiversity.Schedulers;

/// <summary>
/// Presents the gradient phase of a gradient emitter as an ordinary emitter, so that the phase
/// is concatenated, added and told by the same <see cref="EmitterBatches{T}"/> as the ordinary
/// phase: Ask is AskDqd, Tell is TellDqd with the Jacobians the scheduler set for this step.
/// </summary>
internal sealed class GradientPhaseEmitter<T> : IEmitter<T>
{
    public GradientPhaseEmitter(IGradientEmitter<T> inner) => Inner = inner;

    public IGradientEmitter<T> Inner { get; }

    /// <summary>This emitter's Jacobians of the batch being told.</summary>
    public ReadOnlyMemory<double> Jacobians { get; set; }

    public IArchive<T> Archive => Inner.Archive;

    public int SolutionWidth => Inner.SolutionWidth;

    public int BatchSize => Inner.GradientBatchSize;

    public SolutionBatch<T> Ask() => Inner.AskDqd();

    public void Tell(in EmitterFeedback<T> feedback) => Inner.TellDqd(feedback, Jacobians.Span);

    // The scheduler checkpoints the gradient emitters themselves.
    public void WriteState(BinaryWriter writer) => throw new NotSupportedException();

    public void ReadState(BinaryReader reader) => throw new NotSupportedException();
}
