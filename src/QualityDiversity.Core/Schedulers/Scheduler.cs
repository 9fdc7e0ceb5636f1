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
    private readonly int[] _offsets;
    private T[] _solutions = [];
    private AddStatus[] _status = [];
    private double[] _values = [];
    private AddStatus[] _resultStatus = [];
    private double[] _resultValues = [];
    private int _pending = -1; // candidates of the outstanding ask, or -1 when none

    /// <summary>Creates a scheduler.</summary>
    /// <param name="archive">The archive the emitters search in.</param>
    /// <param name="emitters">At least one emitter, all over <paramref name="archive"/>.</param>
    /// <param name="resultArchive">Optional archive that receives every evaluated candidate and is reported instead.</param>
    public Scheduler(IArchive<T> archive, IReadOnlyList<IEmitter<T>> emitters, IArchive<T>? resultArchive = null)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(emitters);
        if (emitters.Count == 0) throw new ArgumentException("A scheduler needs at least one emitter.", nameof(emitters));
        for (int i = 0; i < emitters.Count; i++)
        {
            if (emitters[i] is null) throw new ArgumentNullException(nameof(emitters), $"Emitter {i} is null.");
            if (!ReferenceEquals(emitters[i].Archive, archive))
                throw new ArgumentException($"Emitter {i} draws from a different archive than the scheduler's.", nameof(emitters));
        }
        if (resultArchive is not null && (resultArchive.MeasureDim != archive.MeasureDim || resultArchive.SolutionWidth != archive.SolutionWidth))
            throw new ArgumentException("The result archive's solution width and measure dimension must match the archive's.", nameof(resultArchive));
        Archive = archive;
        ResultArchive = resultArchive;
        _emitters = emitters.ToArray();
        _offsets = new int[_emitters.Length + 1];
    }

    /// <summary>The archive the emitters search in.</summary>
    public IArchive<T> Archive { get; }

    /// <summary>The optional separate result archive.</summary>
    public IArchive<T>? ResultArchive { get; }

    /// <summary>The archive whose statistics describe the search: the result archive if present.</summary>
    public IArchive<T> ReportedArchive => ResultArchive ?? Archive;

    /// <summary>The emitters.</summary>
    public IReadOnlyList<IEmitter<T>> Emitters => _emitters;

    /// <summary>Statuses of the last told batch.</summary>
    public ReadOnlySpan<AddStatus> LastStatus => _status.AsSpan(0, Math.Max(0, _offsets[^1]));

    /// <summary>Improvement values of the last told batch.</summary>
    public ReadOnlySpan<double> LastValues => _values.AsSpan(0, Math.Max(0, _offsets[^1]));

    /// <summary>Asks every emitter for candidates and returns them as one batch.</summary>
    /// <exception cref="InvalidOperationException">The previous batch has not been told.</exception>
    public SolutionBatch<T> Ask()
    {
        if (_pending >= 0) throw new InvalidOperationException("Ask was called twice without Tell; tell the results of the previous batch first.");
        int width = Archive.SolutionWidth;
        int total = 0;
        var batches = new SolutionBatch<T>[_emitters.Length];
        for (int e = 0; e < _emitters.Length; e++)
        {
            batches[e] = _emitters[e].Ask();
            if (batches[e].Width != width && batches[e].Count > 0)
                throw new InvalidOperationException($"Emitter {e} proposed solutions of width {batches[e].Width}; the archive expects {width}.");
            _offsets[e] = total;
            total += batches[e].Count;
        }
        _offsets[^1] = total;
        if (_solutions.Length < total * width) _solutions = new T[total * width];
        for (int e = 0; e < _emitters.Length; e++)
            batches[e].Data.Span.CopyTo(_solutions.AsSpan(_offsets[e] * width));
        _pending = total;
        return new SolutionBatch<T>(_solutions.AsMemory(0, total * width), width);
    }

    /// <summary>Tells the evaluation of the batch returned by the last <see cref="Ask"/>.</summary>
    public void Tell(EvaluationResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        Tell(results.Objectives, results.Measures, results.Features);
    }

    /// <summary>Tells objectives, row-major measures and (optionally) features of the last asked batch.</summary>
    /// <exception cref="InvalidOperationException">No batch is outstanding.</exception>
    /// <exception cref="ArchiveInputException">The results are malformed; nothing was changed and the batch stays outstanding.</exception>
    public void Tell(ReadOnlyMemory<double> objectives, ReadOnlyMemory<double> measures, ReadOnlyMemory<double> features = default)
    {
        if (_pending < 0) throw new InvalidOperationException("Tell was called without a preceding Ask.");
        int n = _pending, width = Archive.SolutionWidth;
        if (_status.Length < n)
        {
            _status = new AddStatus[n];
            _values = new double[n];
            _resultStatus = new AddStatus[n];
            _resultValues = new double[n];
        }
        var batch = new CandidateBatch<T>(new SolutionBatch<T>(_solutions.AsMemory(0, n * width), width), objectives, measures, features);
        Archive.Add(batch, _status, _values);
        if (ResultArchive is not null)
        {
            // The result archive's statuses are not fed back to emitters, so they go to scratch.
            ResultArchive.Add(batch, _resultStatus, _resultValues);
        }
        _pending = -1;

        int measureDim = Archive.MeasureDim;
        int featureDim = features.IsEmpty || n == 0 ? 0 : features.Length / n;
        for (int e = 0; e < _emitters.Length; e++)
        {
            int start = _offsets[e], count = _offsets[e + 1] - start;
            var slice = batch.Slice(start, count, measureDim, featureDim);
            _emitters[e].Tell(new EmitterFeedback<T>(slice, _status.AsMemory(start, count), _values.AsMemory(start, count)));
        }
    }

    /// <summary>
    /// Adds an evaluated initial population straight to the archive (and the result archive),
    /// outside the ask/tell cycle, as MAP-Elites does before its first iteration. Emitters are not told.
    /// </summary>
    /// <exception cref="InvalidOperationException">A batch is outstanding.</exception>
    /// <exception cref="ArchiveInputException">The batch is malformed; nothing was changed.</exception>
    public AddResult AddInitialPopulation(in CandidateBatch<T> batch)
    {
        if (_pending >= 0) throw new InvalidOperationException("Cannot add an initial population between Ask and Tell.");
        var result = Archive.Add(batch);
        ResultArchive?.Add(batch);
        return result;
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        if (_pending >= 0) throw new InvalidOperationException("Cannot checkpoint between Ask and Tell.");
        Archive.WriteState(writer);
        writer.Write(ResultArchive is not null);
        ResultArchive?.WriteState(writer);
        writer.Write(_emitters.Length);
        foreach (var emitter in _emitters) emitter.WriteState(writer);
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        Archive.ReadState(reader);
        bool hasResult = reader.ReadBoolean();
        if (hasResult != (ResultArchive is not null))
            throw new InvalidDataException(hasResult ? "Checkpoint has a result archive but this scheduler has none." : "This scheduler has a result archive but the checkpoint has none.");
        ResultArchive?.ReadState(reader);
        int emitters = reader.ReadInt32();
        if (emitters != _emitters.Length)
            throw new InvalidDataException($"Checkpoint has {emitters} emitters but this scheduler has {_emitters.Length}.");
        foreach (var emitter in _emitters) emitter.ReadState(reader);
        _pending = -1;
    }
}
