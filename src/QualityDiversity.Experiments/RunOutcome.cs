namespace QualityDiversity.Experiments;

/// <summary>How a call to <see cref="ExperimentRun.RunAsync"/> ended.</summary>
/// <param name="Completed">Iterations (text searches: steps) completed and checkpointed.</param>
/// <param name="Total">Iterations (steps) the run aims for.</param>
/// <param name="Interrupted">Whether it stopped early because cancellation was requested; it can be resumed.</param>
/// <param name="Summary">Lines that summarise the run for a person: what was done, the final scores, the files.</param>
/// <param name="Files">Paths of the files in the run directory, figures included.</param>
public sealed record RunOutcome(int Completed, int Total, bool Interrupted, IReadOnlyList<string> Summary, IReadOnlyList<string> Files);
