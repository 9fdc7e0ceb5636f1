using System.Diagnostics;
using QualityDiversity.Emitters;
using QualityDiversity.Emitters.Gradient;
using QualityDiversity.Solutions;

namespace QualityDiversity.Experiments.Search;

/// <summary>
/// <see cref="TimedEmitter"/> for gradient emitters: also times the gradient phase (AskDqd,
/// TellDqd) and is itself a gradient emitter, so the scheduler still runs that phase.
/// </summary>
internal sealed class TimedGradientEmitter : TimedEmitter, IGradientEmitter<double>
{
    private readonly IGradientEmitter<double> _inner;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public TimedGradientEmitter(IGradientEmitter<double> inner, EmitterTimes times)
        : base(inner, times)
    {
        _inner = inner;
    }

    /// <inheritdoc />
    public int GradientBatchSize => _inner.GradientBatchSize;

    /// <inheritdoc />
    public SolutionBatch<double> AskDqd()
    {
        long start = Stopwatch.GetTimestamp();
        var batch = _inner.AskDqd();
        AskTook(start);
        return batch;
    }

    /// <inheritdoc />
    public void TellDqd(in EmitterFeedback<double> feedback, ReadOnlySpan<double> jacobians)
    {
        long start = Stopwatch.GetTimestamp();
        _inner.TellDqd(feedback, jacobians);
        TellTook(start);
    }
}
