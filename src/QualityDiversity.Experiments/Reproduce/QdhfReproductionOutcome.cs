namespace QualityDiversity.Experiments.Reproduce;

/// <summary>How a reproduction ended.</summary>
/// <param name="Directory">Its directory (summary.md, summary.csv, comparison figure, trials/, judgments/).</param>
/// <param name="Markdown">The summary table with its notes; empty when no trial has completed.</param>
/// <param name="Files">The summary and figure files written.</param>
/// <param name="TrialsCompleted">Trials completed, reused ones included.</param>
/// <param name="Interrupted">Whether cancellation stopped it before every trial finished; running it again continues.</param>
public sealed record QdhfReproductionOutcome(string Directory, string Markdown, IReadOnlyList<string> Files, int TrialsCompleted, bool Interrupted);
