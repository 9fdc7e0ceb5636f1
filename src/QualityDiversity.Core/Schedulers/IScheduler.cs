using QualityDiversity.Archives;
using QualityDiversity.Evaluation;
using QualityDiversity.Persistence;
using QualityDiversity.Solutions;

namespace QualityDiversity.Schedulers;

/// <summary>
/// The ask/tell interface of a search: <see cref="Ask"/> proposes a batch, <see cref="Tell"/>
/// receives its evaluation. Implementations decide which emitters propose and how the archive
/// outcome is routed back to them. The whole state is checkpointable.
/// </summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public interface IScheduler<T> : ICheckpointable
{
    /// <summary>The archive the emitters search in.</summary>
    IArchive<T> Archive { get; }

    /// <summary>The optional separate result archive that receives every evaluated candidate.</summary>
    IArchive<T>? ResultArchive { get; }

    /// <summary>The archive whose statistics describe the search: the result archive if present.</summary>
    IArchive<T> ReportedArchive { get; }

    /// <summary>Statuses of the last told batch, in the order of the batch.</summary>
    ReadOnlySpan<AddStatus> LastStatus { get; }

    /// <summary>Proposes the next batch. The buffer is owned by the scheduler and valid until the next call.</summary>
    /// <exception cref="InvalidOperationException">The previous batch has not been told.</exception>
    SolutionBatch<T> Ask();

    /// <summary>
    /// Tells the evaluation of the batch returned by the last <see cref="Ask"/>. Candidates marked
    /// as failed in <paramref name="results"/> are kept out of the archives; emitters see them as
    /// not added, with NaN values (see <see cref="Emitters.EmitterFeedback{T}"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">No batch is outstanding.</exception>
    /// <exception cref="ArchiveInputException">The results are malformed; nothing was changed and the batch stays outstanding.</exception>
    void Tell(EvaluationResults results);

    /// <summary>Whether a batch has been asked and not yet told or abandoned.</summary>
    bool IsAskPending { get; }

    /// <summary>
    /// Drops the outstanding batch without telling it (its evaluation failed as a whole): the
    /// archives and the emitters' learned state stay as they were, and the next
    /// <see cref="Ask"/> proposes a fresh batch. Random numbers drawn by the dropped ask stay
    /// drawn, so a run that abandons the same batches is reproducible. Does nothing when no
    /// batch is outstanding.
    /// </summary>
    void Abandon();

    /// <summary>Adds an evaluated initial population to the archives before the first ask; emitters are not told.</summary>
    AddResult AddInitialPopulation(in CandidateBatch<T> batch);
}
