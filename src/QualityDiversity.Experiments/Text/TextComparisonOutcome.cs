namespace QualityDiversity.Experiments.Text;

/// <summary>How a comparison ended.</summary>
/// <param name="Directory">The comparison's directory (summary.md, summary.csv, comparison.png, one run directory per trial).</param>
/// <param name="Results">Every finished trial, reused or run now.</param>
/// <param name="Markdown">The summary table: mean ± sample standard deviation per variation.</param>
/// <param name="Files">The summary and figure files written.</param>
/// <param name="Interrupted">Whether cancellation stopped it before every trial finished; running it again continues.</param>
public sealed record TextComparisonOutcome(string Directory, IReadOnlyList<TextTrialResult> Results, string Markdown, IReadOnlyList<string> Files, bool Interrupted);
