namespace QualityDiversity.Web;

/// <summary>Where and what <see cref="JudgingServer"/> serves.</summary>
public sealed record JudgingServerOptions
{
    /// <summary>The run directory (it holds config.json).</summary>
    public required string Directory { get; init; }

    /// <summary>The address to bind: an IP address or <c>localhost</c>; 127.0.0.1 by default. Off loopback every request needs the token.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>
    /// A judgments file (judgments.jsonl format) of gold triplets: attention checks whose recorded
    /// answers are taken as right, shown to every rater between the run's questions; null for none.
    /// </summary>
    public string? GoldPath { get; init; }

    /// <summary>Run questions a rater answers between two gold triplets.</summary>
    public int GoldEvery { get; init; } = 10;

    /// <summary>How fast one rater may answer.</summary>
    public Raters.AnswerRateLimit RateLimit { get; init; } = Raters.AnswerRateLimit.Default;

    /// <summary>Where the served run's notes and summary go (never the token); null for nowhere.</summary>
    public TextWriter? Log { get; init; }
}
