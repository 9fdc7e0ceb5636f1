using QualityDiversity.Archives;
using QualityDiversity.Evaluation;

namespace QualityDiversity.Runs;

/// <summary>The state of a search after one iteration, as seen by observers.</summary>
/// <param name="Iteration">Iterations completed (1-based after the first).</param>
/// <param name="TotalIterations">Iterations the run aims for.</param>
/// <param name="Evaluations">Candidates evaluated so far (failed ones included).</param>
/// <param name="Statistics">Statistics of the reported archive.</param>
/// <param name="Elapsed">Wall time spent in the search so far, across resumes.</param>
/// <param name="NewCells">Candidates of this iteration that reached an empty cell.</param>
/// <param name="Improvements">Candidates of this iteration that improved an occupied cell.</param>
public readonly record struct IterationReport(
    int Iteration,
    int TotalIterations,
    long Evaluations,
    ArchiveStatistics Statistics,
    TimeSpan Elapsed,
    int NewCells,
    int Improvements)
{
    private readonly IReadOnlyList<CandidateFailure>? _failures;

    /// <summary>The candidates of this iteration whose evaluation failed, by index in the batch (empty when none).</summary>
    public IReadOnlyList<CandidateFailure> Failures
    {
        get => _failures ?? [];
        init => _failures = value;
    }

    /// <summary>Whether every candidate of this iteration failed, so the batch was abandoned.</summary>
    public bool BatchFailed { get; init; }

    /// <summary>Average evaluations per second so far.</summary>
    public double EvaluationsPerSecond => Elapsed.TotalSeconds > 0 ? Evaluations / Elapsed.TotalSeconds : 0;
}
