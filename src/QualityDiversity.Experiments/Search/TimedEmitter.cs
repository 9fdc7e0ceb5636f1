using System.Diagnostics;
using QualityDiversity.Archives;
using QualityDiversity.Emitters;
using QualityDiversity.Solutions;

namespace QualityDiversity.Experiments.Search;

/// <summary>Time spent inside emitters, summed over every emitter of a search (for <c>qd bench --profile</c>).</summary>
internal sealed class EmitterTimes
{
    /// <summary>Stopwatch ticks spent in emitters' Ask.</summary>
    public long AskTicks;

    /// <summary>Stopwatch ticks spent in emitters' Tell.</summary>
    public long TellTicks;
}

/// <summary>
/// Wraps an emitter and adds the time of its Ask and Tell to an <see cref="EmitterTimes"/>;
/// otherwise it behaves exactly like the emitter (restarts included, so schedulers that watch
/// restarts see the same thing).
/// </summary>
internal class TimedEmitter : IEmitter<double>, IRestartingEmitter
{
    private readonly IEmitter<double> _inner;
    private readonly EmitterTimes _times;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public TimedEmitter(IEmitter<double> inner, EmitterTimes times)
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
    public int Restarts => (_inner as IRestartingEmitter)?.Restarts ?? 0;

    /// <inheritdoc />
    public SolutionBatch<double> Ask()
    {
        long start = Stopwatch.GetTimestamp();
        var batch = _inner.Ask();
        AskTook(start);
        return batch;
    }

    /// <inheritdoc />
    public void Tell(in EmitterFeedback<double> feedback)
    {
        long start = Stopwatch.GetTimestamp();
        _inner.Tell(feedback);
        TellTook(start);
    }

    /// <summary>Adds the time since <paramref name="start"/> (a stopwatch timestamp) to the asks.</summary>
    protected void AskTook(long start) => Interlocked.Add(ref _times.AskTicks, Stopwatch.GetTimestamp() - start);

    /// <summary>Adds the time since <paramref name="start"/> (a stopwatch timestamp) to the tells.</summary>
    protected void TellTook(long start) => Interlocked.Add(ref _times.TellTicks, Stopwatch.GetTimestamp() - start);

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer) => _inner.WriteState(writer);

    /// <inheritdoc />
    public void ReadState(BinaryReader reader) => _inner.ReadState(reader);
}
