namespace QualityDiversity.Llm.Client;

/// <summary>A generated token with its log-probability and the most likely alternatives at its position.</summary>
/// <param name="Token">The token text.</param>
/// <param name="Logprob">Natural-log probability of the token.</param>
/// <param name="Top">The most likely tokens at this position (usually including <paramref name="Token"/>).</param>
public sealed record TokenLogprob(string Token, double Logprob, IReadOnlyList<TokenAlternative> Top);

/// <summary>One alternative token at a position.</summary>
/// <param name="Token">The token text.</param>
/// <param name="Logprob">Natural-log probability.</param>
public sealed record TokenAlternative(string Token, double Logprob);
