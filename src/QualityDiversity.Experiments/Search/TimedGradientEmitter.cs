using System.Diagnostics;
using QualityDiversity.Archives;
using QualityDiversity.Emitters;
using QualityDiversity.Emitters.Gradient;
using QualityDiversity.Solutions;

namespace QualityDiversity.Experiments.Search;

/// <summary>
/// <see cref="TimedEmitter"/> for gradient emitters: adds the time of both phases (AskDqd and
/// Ask, TellDqd and Tell) to an <see cref="EmitterTimes"/> and is itself a gradient emitter, so
/// the scheduler still runs its gradient phase.
/// </summary>
internal sealed class TimedGradientEmitter : IGradientEmitter<double>, IRestartingEmitter
{
    private readonly IGradientEmitter<double> _inner;
    private readonly EmitterTimes _times;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public TimedGradientEmitter(IGradientEmitter<double> inner, EmitterTimes times)
    {
        _inner = inner;
        _times = times;
    }

    /// <inheritdoc />
    public IArchive<double> Archive => _inner.Archive;

    /// <inheritdoc />
    public int SolutionWidth => _inner.SolutionWidth;

    /// <inheritdoc />
    public int BatchSize => _inner.BatchSize;

    /// <inheritdoc />
    public int GradientBatchSize => _inner.GradientBatchSize;

    /// <inheritdoc />
    public int Restarts => (_inner as IRestartingEmitter)?.Restarts ?? 0;

    /// <inheritdoc />
    public SolutionBatch<double> AskDqd()
    {
        long start = Stopwatch.GetTimestamp();
        var batch = _inner.AskDqd();
        Interlocked.Add(ref _times.AskTicks, Stopwatch.GetTimestamp() - start);
        return batch;
    }

    /// <inheritdoc />
    public void TellDqd(in EmitterFeedback<double> feedback, ReadOnlySpan<double> jacobians)
    {
        long start = Stopwatch.GetTimestamp();
        _inner.TellDqd(feedback, jacobians);
        Interlocked.Add(ref _times.TellTicks, Stopwatch.GetTimestamp() - start);
    }

    /// <inheritdoc />
    public SolutionBatch<double> Ask()
    {
        long start = Stopwatch.GetTimestamp();
        var batch = _inner.Ask();
        Interlocked.Add(ref _times.AskTicks, Stopwatch.GetTimestamp() - start);
        return batch;
    }

    /// <inheritdoc />
    public void Tell(in EmitterFeedback<double> feedback)
    {
        long start = Stopwatch.GetTimestamp();
        _inner.Tell(feedback);
        Interlocked.Add(ref _times.TellTicks, Stopwatch.GetTimestamp() - start);
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer) => _inner.WriteState(writer);

    /// <inheritdoc />
    public void ReadState(BinaryReader reader) => _inner.ReadState(reader);
}
