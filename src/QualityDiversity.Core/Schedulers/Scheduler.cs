using QualityDiversity.Archives;
using QualityDiversity.Emitters;
using QualityDiversity.Evaluation;
using QualityDiversity.Persistence;
using QualityDiversity.Solutions;

namespace QualityDiversity.Schedulers;

/// <summary>
/// The ask/tell loop over one or more emitters: <see cref="Ask"/> concatenates the emitters'
/// batches; <see cref="Tell(EvaluationResults)"/> adds the evaluated batch to the archive (and to
/// an optional separate result archive, which is what CMA-MAE reports), then hands each emitter
/// the outcome of its own candidates.
/// </summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public sealed class Scheduler<T> : IScheduler<T>
{
    private readonly IEmitter<T>[] _emitters;
    private readonly EmitterBatches<T> _batches;
    private bool _pending; // whether an asked batch awaits its tell

    /// <summary>Creates a scheduler.</summary>
    /// <param name="archive">The archive the emitters search in.</param>
    /// <param name="emitters">At least one emitter, all over <paramref name="archive"/>.</param>
    /// <param name="resultArchive">Optional archive that receives every evaluated candidate and is reported instead.</param>
    public Scheduler(IArchive<T> archive, IReadOnlyList<IEmitter<T>> emitters, IArchive<T>? resultArchive = null)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(emitters);
        if (emitters.Count == 0) throw new ArgumentException("A scheduler needs at least one emitter.", nameof(emitters));
        for (int i = 0; i < emitters.Count; i++) SchedulerArchives.CheckEmitter(emitters[i], i, archive, resultArchive, nameof(emitters));
        SchedulerArchives.CheckResultArchive(archive, resultArchive);
        Archive = archive;
        ResultArchive = resultArchive;
        _emitters = emitters.ToArray();
        _batches = new EmitterBatches<T>(archive.SolutionWidth);
        for (int e = 0; e < _emitters.Length; e++) _batches.Include(_emitters[e], e);
    }

    /// <summary>The archive the emitters search in.</summary>
    public IArchive<T> Archive { get; }

    /// <summary>The optional separate result archive.</summary>
    public IArchive<T>? ResultArchive { get; }

    /// <summary>The archive whose statistics describe the search: the result archive if present.</summary>
    public IArchive<T> ReportedArchive => ResultArchive ?? Archive;

    /// <summary>The emitters.</summary>
    public IReadOnlyList<IEmitter<T>> Emitters => _emitters;

    /// <summary>
    /// Whether the emitters are asked and told concurrently (default false). Only for emitters
    /// that, like the built-in ones, own their random generator and only read the archive: the
    /// results are then identical to sequential calls.
    /// </summary>
    public bool ParallelEmitters
    {
        get => _batches.Parallel;
        init => _batches.Parallel = value;
    }

    /// <summary>Statuses of the last told batch.</summary>
    public ReadOnlySpan<AddStatus> LastStatus => _batches.LastStatus;

    /// <summary>Improvement values of the last told batch.</summary>
    public ReadOnlySpan<double> LastValues => _batches.LastValues;

    /// <summary>Asks every emitter for candidates and returns them as one batch.</summary>
    /// <exception cref="InvalidOperationException">The previous batch has not been told.</exception>
    public SolutionBatch<T> Ask()
    {
        if (_pending) throw new InvalidOperationException("Ask was called twice without Tell; tell the results of the previous batch first.");
        var batch = _batches.Ask();
        _pending = true;
        return batch;
    }

    /// <summary>Tells the evaluation of the batch returned by the last <see cref="Ask"/>.</summary>
    public void Tell(EvaluationResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        Tell(results.Objectives, results.Measures, results.Features, results.FailedMask());
    }

    /// <inheritdoc />
    public bool IsAskPending => _pending;

    /// <inheritdoc />
    public void Abandon() => _pending = false;

    /// <summary>
    /// Tells objectives, row-major measures and (optionally) features of the last asked batch;
    /// candidates marked in <paramref name="failed"/> (one entry per candidate, or empty) are kept
    /// out of the archives.
    /// </summary>
    /// <exception cref="InvalidOperationException">No batch is outstanding.</exception>
    /// <exception cref="ArchiveInputException">The results are malformed; nothing was changed and the batch stays outstanding.</exception>
    public void Tell(ReadOnlyMemory<double> objectives, ReadOnlyMemory<double> measures, ReadOnlyMemory<double> features = default, ReadOnlyMemory<bool> failed = default)
    {
        if (!_pending) throw new InvalidOperationException("Tell was called without a preceding Ask.");
        var batch = _batches.AddToArchives(Archive, ResultArchive, objectives, measures, features, failed);
        _pending = false;
        _batches.TellEmitters(batch, Archive.MeasureDim);
    }

    /// <summary>
    /// Adds an evaluated initial population straight to the archive (and the result archive),
    /// outside the ask/tell cycle, as MAP-Elites does before its first iteration. Emitters are not told.
    /// </summary>
    /// <exception cref="InvalidOperationException">A batch is outstanding.</exception>
    /// <exception cref="ArchiveInputException">The batch is malformed; nothing was changed.</exception>
    public AddResult AddInitialPopulation(in CandidateBatch<T> batch)
    {
        if (_pending) throw new InvalidOperationException("Cannot add an initial population between Ask and Tell.");
        return SchedulerArchives.AddInitialPopulation(Archive, ResultArchive, batch);
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        if (_pending) throw new InvalidOperationException("Cannot checkpoint between Ask and Tell.");
        SchedulerArchives.Write(writer, Archive, ResultArchive);
        writer.Write(_emitters.Length);
        foreach (var emitter in _emitters) emitter.WriteState(writer);
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        SchedulerArchives.Read(reader, Archive, ResultArchive);
        int emitters = reader.ReadInt32();
        if (emitters != _emitters.Length)
            throw new InvalidDataException($"Checkpoint has {emitters} emitters but this scheduler has {_emitters.Length}.");
        foreach (var emitter in _emitters) emitter.ReadState(reader);
        _pending = false;
    }
}
