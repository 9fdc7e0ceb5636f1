using System.Diagnostics;

namespace QualityDiversity.Runs;

/// <summary>
/// Wall time a <see cref="SearchRunner{T}"/> spent in each phase of its iterations, accumulated
/// while the timings object is attached to the runner (for profiling and benchmarks).
/// </summary>
public sealed class PhaseTimings
{
    internal long AskTicks, EvaluateTicks, TellTicks;

    /// <summary>Time in the scheduler's Ask (emitters sampling).</summary>
    public TimeSpan Ask => Stopwatch.GetElapsedTime(0, AskTicks);

    /// <summary>Time in the evaluator.</summary>
    public TimeSpan Evaluate => Stopwatch.GetElapsedTime(0, EvaluateTicks);

    /// <summary>Time in the scheduler's Tell (archive adds and emitter updates).</summary>
    public TimeSpan Tell => Stopwatch.GetElapsedTime(0, TellTicks);
}
