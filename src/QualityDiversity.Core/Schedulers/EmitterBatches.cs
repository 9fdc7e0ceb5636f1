using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using QualityDiversity.Archives;
using QualityDiversity.Emitters;
using QualityDiversity.Solutions;

namespace QualityDiversity.Schedulers;

/// <summary>
/// The part of an ask/tell step that every scheduler shares once it has chosen which emitters
/// take part: concatenating their batches, adding the evaluated batch to the archive (and the
/// result archive), and handing each emitter the slice of the outcome that belongs to it. All
/// buffers are reused across steps.
/// </summary>
/// <remarks>
/// With <see cref="Parallel"/>, the emitters' Ask and Tell calls run concurrently. That is safe
/// for emitters that only read the shared archive and own their random generator (every built-in
/// emitter), and the result is identical to the sequential order because each emitter's
/// computation depends only on its own state and the archive, which no emitter changes.
/// </remarks>
/// <typeparam name="T">Element type of a solution row.</typeparam>
internal sealed class EmitterBatches<T>
{
    private readonly int _width;
    private IEmitter<T>[] _emitters = [];
    private int[] _ids = [];
    private SolutionBatch<T>[] _batches = [];
    private int[] _offsets = [0];
    private int _emitterCount;
    private T[] _solutions = [];
    private ReadOnlyMemory<T> _asked; // the concatenated batch of the current step
    private AddStatus[] _status = [];
    private double[] _values = [];
    private AddStatus[] _resultStatus = [];
    private double[] _resultValues = [];
    private int _told; // candidates of the last told batch
    private ReadOnlyMemory<bool> _failed; // failure mask of the last told batch; empty when none failed
    private CandidateBatch<T> _feedbackBatch;
    private int _measureDim, _featureDim;
    private readonly Action<int> _askOne;
    private int[] _predicted = []; // the offsets of the last step: where each emitter's rows go if nothing changes
    private IEmitter<T>[] _lastEmitters = [];
    private int _copiedEarly; // emitters [0, _copiedEarly) may copy their rows while asking
    private readonly Action<int> _tellOne;
    private readonly Action<int> _tellOneOrAddResult;
    private IArchive<T>? _deferredResult; // the result archive whose add TellEmitters runs, if deferred
    private CandidateBatch<T> _deferredBatch;
    private bool _resultAdded;

    /// <summary>Creates the helper for solutions of <paramref name="width"/> elements.</summary>
    public EmitterBatches(int width)
    {
        _width = width;
        _askOne = AskOne;
        _tellOne = TellOne;
        _tellOneOrAddResult = TellOneOrAddResult;
    }

    /// <summary>Whether emitters are asked and told concurrently.</summary>
    public bool Parallel { get; set; }

    /// <summary>Emitters taking part in the current step.</summary>
    public int EmitterCount => _emitterCount;

    /// <summary>Candidates asked in the current step.</summary>
    public int CandidateCount => _offsets[_emitterCount];

    /// <summary>Index of the first candidate of participant <paramref name="k"/>.</summary>
    public int Offset(int k) => _offsets[k];

    /// <summary>Candidates of participant <paramref name="k"/>.</summary>
    public int Count(int k) => _offsets[k + 1] - _offsets[k];

    /// <summary>Statuses of the last told batch.</summary>
    public ReadOnlySpan<AddStatus> LastStatus => _status.AsSpan(0, _told);

    /// <summary>Improvement values of the last told batch.</summary>
    public ReadOnlySpan<double> LastValues => _values.AsSpan(0, _told);

    /// <summary>Clears the participants of the step.</summary>
    public void Clear() => _emitterCount = 0;

    /// <summary>Adds an emitter to the step; <paramref name="id"/> names it in error messages.</summary>
    public void Include(IEmitter<T> emitter, int id)
    {
        if (_emitterCount == _emitters.Length)
        {
            int size = Math.Max(4, 2 * _emitters.Length);
            Array.Resize(ref _emitters, size);
            Array.Resize(ref _ids, size);
            Array.Resize(ref _batches, size);
            Array.Resize(ref _offsets, size + 1);
        }
        _emitters[_emitterCount] = emitter;
        _ids[_emitterCount] = id;
        _emitterCount++;
    }

    /// <summary>Asks every participant and returns their batches concatenated in participant order.</summary>
    /// <exception cref="InvalidOperationException">An emitter proposed rows of the wrong width.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public SolutionBatch<T> Ask()
    {
        PlanEarlyCopies();
        Run(_askOne, _emitterCount);
        int total = 0;
        for (int k = 0; k < _emitterCount; k++)
        {
            var batch = _batches[k];
            if (batch.Width != _width && batch.Count > 0)
                throw new InvalidOperationException($"Emitter {_ids[k]} proposed solutions of width {batch.Width}; the archive expects {_width}.");
            _offsets[k] = total;
            total += batch.Count;
        }
        _offsets[_emitterCount] = total;
        if (_emitterCount == 1)
        {
            // One emitter: its buffer stays valid until its next Ask, which comes after Tell, so
            // there is nothing to concatenate and the copy is skipped.
            _asked = _batches[0].Data;
        }
        else
        {
            if (_solutions.Length < total * _width)
            {
                _solutions = new T[total * _width];
                _copiedEarly = 0;
            }
            // The emitters that copied their rows while asking, in parallel, did so at the place
            // the previous step predicted; that holds for a prefix of them, up to the first whose
            // count or place changed. The rest are copied here (an early copy after that prefix
            // lies past it, so copying them in order overwrites whatever it left).
            int valid = 0;
            while (valid < _copiedEarly && _predicted[valid] == _offsets[valid] && _predicted[valid + 1] == _offsets[valid + 1]) valid++;
            for (int k = valid; k < _emitterCount; k++)
                _batches[k].Data.Span.CopyTo(_solutions.AsSpan(_offsets[k] * _width));
            _asked = _solutions.AsMemory(0, total * _width);
        }
        for (int k = 0; k < _emitterCount; k++) _batches[k] = default; // the emitter owns that buffer; do not keep it alive
        RememberPlaces();
        return new SolutionBatch<T>(_asked, _width);
    }

    private void RememberPlaces()
    {
        int count = _emitterCount;
        if (_predicted.Length != count + 1) _predicted = new int[count + 1];
        Array.Copy(_offsets, _predicted, count + 1);
        if (_lastEmitters.Length != count) _lastEmitters = new IEmitter<T>[count];
        Array.Copy(_emitters, _lastEmitters, count);
    }

    /// <summary>
    /// With parallel asks, lets each emitter copy its rows into the concatenated batch right
    /// after its own Ask, at the offset the last step had for it, so that most of the copying
    /// runs on both cores. Emitters that joined a different step than last time copy nothing early.
    /// </summary>
    private void PlanEarlyCopies()
    {
        _copiedEarly = 0;
        if (!Parallel || _emitterCount < 2 || _predicted.Length < _emitterCount + 1) return;
        if (_lastEmitters.Length != _emitterCount) return;
        for (int k = 0; k < _emitterCount; k++)
            if (!ReferenceEquals(_lastEmitters[k], _emitters[k])) return;
        if (_solutions.Length < _predicted[_emitterCount] * _width) return;
        _copiedEarly = _emitterCount;
    }
    /// <summary>
    /// Adds the evaluated batch of the last <see cref="Ask"/> to <paramref name="archive"/> and
    /// then to <paramref name="resultArchive"/>; returns the batch the emitters are told. Candidates
    /// marked in <paramref name="failed"/> are left out of both archives and get status
    /// <see cref="AddStatus.NotAdded"/>, value NaN and NaN objective, measures and features in the
    /// returned batch (see <see cref="EmitterFeedback{T}"/>).
    /// </summary>
    /// <exception cref="ArchiveInputException">The results are malformed; nothing was changed.</exception>
    public CandidateBatch<T> AddToArchives(IArchive<T> archive, IArchive<T>? resultArchive,
        ReadOnlyMemory<double> objectives, ReadOnlyMemory<double> measures, ReadOnlyMemory<double> features, ReadOnlyMemory<bool> failed = default)
    {
        int n = CandidateCount;
        if (!failed.IsEmpty && failed.Length != n)
            throw new ArgumentException($"The failure mask has {failed.Length} entries for {n} candidates.", nameof(failed));
        if (_status.Length < n)
        {
            _status = new AddStatus[n];
            _values = new double[n];
            _resultStatus = new AddStatus[n];
            _resultValues = new double[n];
        }
        var batch = new CandidateBatch<T>(new SolutionBatch<T>(_asked, _width), objectives, measures, features);
        _deferredResult = null;
        if (failed.IsEmpty || !failed.Span.Contains(true))
        {
            // The result archive checks the batch before the search archive changes, so that a
            // rejection by either leaves both as they were (the batch stays outstanding).
            (resultArchive as ArchiveBase<T>)?.CheckBatch(batch);
            archive.Add(batch, _status, _values);
            _told = n;
            _failed = default;
            // The result archive's statuses are not fed back to emitters, so they go to scratch.
            if (resultArchive is not null && !DeferResultAdd(resultArchive, batch))
                resultArchive.Add(batch, _resultStatus, _resultValues);
            return batch;
        }

        int measureDim = archive.MeasureDim, featureDim = archive.FeatureDim;
        FailedCandidates.CheckShape(n, measureDim, featureDim, objectives.Length, measures.Length, features.Length);
        var mask = failed.Span;
        var compact = FailedCandidates.Compact(batch, mask, measureDim, featureDim, out int[] kept);
        if (resultArchive is ArchiveBase<T> checkable) FailedCandidates.Check(checkable, compact, kept);
        FailedCandidates.Add(archive, compact, kept, _status.AsSpan(0, n), _values.AsSpan(0, n));
        _told = n;
        _failed = failed;
        if (resultArchive is not null)
            FailedCandidates.Add(resultArchive, compact, kept, _resultStatus.AsSpan(0, n), _resultValues.AsSpan(0, n));
        int told = features.IsEmpty || n == 0 ? 0 : features.Length / n;
        return new CandidateBatch<T>(batch.Solutions,
            FailedCandidates.MaskRows(objectives.Span, mask, 1),
            FailedCandidates.MaskRows(measures.Span, mask, measureDim),
            features.IsEmpty ? default : FailedCandidates.MaskRows(features.Span, mask, told));
    }

    /// <summary>
    /// With parallel emitters, leaves the result archive's add of <paramref name="batch"/> to
    /// <see cref="TellEmitters"/>, which runs it beside the emitters' updates: the two share only
    /// the read-only batch. The batch has been checked against the result archive already, so
    /// the add cannot reject it after emitters have been told. Not deferred when
    /// an emitter draws from the result archive, which it must then see complete.
    /// </summary>
    private bool DeferResultAdd(IArchive<T> resultArchive, in CandidateBatch<T> batch)
    {
        if (!Parallel || _emitterCount == 0 || resultArchive is not ArchiveBase<T>) return false;
        for (int k = 0; k < _emitterCount; k++)
            if (ReferenceEquals(_emitters[k].Archive, resultArchive)) return false;
        _deferredResult = resultArchive;
        _deferredBatch = batch;
        return true;
    }

    /// <summary>Statuses of participant <paramref name="k"/>'s candidates in the last told batch.</summary>
    public ReadOnlySpan<AddStatus> StatusOf(int k) => _status.AsSpan(_offsets[k], Count(k));

    /// <summary>Tells every participant the outcome of its own candidates of <paramref name="batch"/>.</summary>
    public void TellEmitters(in CandidateBatch<T> batch, int measureDim)
    {
        int n = batch.Count;
        _feedbackBatch = batch;
        _measureDim = measureDim;
        _featureDim = batch.Features.IsEmpty || n == 0 ? 0 : batch.Features.Length / n;
        try
        {
            _resultAdded = false;
            if (_deferredResult is null) Run(_tellOne, _emitterCount);
            else Run(_tellOneOrAddResult, _emitterCount + 1);
        }
        finally
        {
            // An emitter that throws stops the loop before it starts every item: the result
            // archive still receives the batch, as it did before the emitters were told.
            if (_deferredResult is not null && !_resultAdded) _deferredResult.Add(_deferredBatch, _resultStatus, _resultValues);
            _feedbackBatch = default;
            _deferredResult = null;
            _deferredBatch = default;
        }
    }

    // Work item k < EmitterCount tells emitter k; the last one is the deferred result-archive add.
    private void TellOneOrAddResult(int k)
    {
        if (k < _emitterCount) TellOne(k);
        else
        {
            _deferredResult!.Add(_deferredBatch, _resultStatus, _resultValues);
            _resultAdded = true;
        }
    }

    private void AskOne(int k)
    {
        var batch = _emitters[k].Ask();
        _batches[k] = batch;
        if (k < _copiedEarly && batch.Width == _width && batch.Count == _predicted[k + 1] - _predicted[k])
            batch.Data.Span.CopyTo(_solutions.AsSpan(_predicted[k] * _width));
    }

    private void TellOne(int k)
    {
        int start = _offsets[k], count = _offsets[k + 1] - start;
        var slice = _feedbackBatch.Slice(start, count, _measureDim, _featureDim);
        var failed = _failed.IsEmpty ? default : _failed.Slice(start, count);
        _emitters[k].Tell(new EmitterFeedback<T>(slice, _status.AsMemory(start, count), _values.AsMemory(start, count), failed));
    }

    private void Run(Action<int> body, int count)
    {
        if (!Parallel || count < 2)
        {
            for (int k = 0; k < count; k++) body(k);
            return;
        }
        if (PartnerThread.Shared is { } partner && partner.TryFor(count, body)) return;
        try
        {
            System.Threading.Tasks.Parallel.For(0, count, body);
        }
        catch (AggregateException error) when (error.InnerExceptions.Count >= 1)
        {
            // Surface the emitter's own exception, as the sequential path would.
            ExceptionDispatchInfo.Capture(error.InnerExceptions[0]).Throw();
        }
    }
}
