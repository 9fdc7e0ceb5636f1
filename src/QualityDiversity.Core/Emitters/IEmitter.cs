using QualityDiversity.Archives;
using QualityDiversity.Persistence;
using QualityDiversity.Solutions;

namespace QualityDiversity.Emitters;

/// <summary>
/// Proposes candidate solutions (<see cref="Ask"/>) and learns from how the archive received
/// them (<see cref="Tell"/>). Its state (including its random generator) is checkpointable.
/// </summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public interface IEmitter<T> : ICheckpointable
{
    /// <summary>The archive the emitter draws parents from.</summary>
    IArchive<T> Archive { get; }

    /// <summary>Elements per solution.</summary>
    int SolutionWidth { get; }

    /// <summary>Nominal number of candidates per <see cref="Ask"/> (the first batch may differ when initial solutions are given).</summary>
    int BatchSize { get; }

    /// <summary>Proposes a batch. The returned buffer is owned by the emitter and valid until the next call.</summary>
    SolutionBatch<T> Ask();

    /// <summary>Receives the evaluation and archive outcome of the batch last returned by <see cref="Ask"/>.</summary>
    void Tell(in EmitterFeedback<T> feedback);
}
