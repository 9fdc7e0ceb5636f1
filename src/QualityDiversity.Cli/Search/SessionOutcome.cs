namespace QualityDiversity.Cli.Search;

/// <summary>How a search session ended.</summary>
/// <param name="Iteration">Iterations completed (and checkpointed).</param>
/// <param name="Interrupted">Whether it stopped early on request.</param>
internal sealed record SessionOutcome(int Iteration, bool Interrupted);
