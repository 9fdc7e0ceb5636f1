namespace QualityDiversity.Testing;

/// <summary>One of the most likely tokens at a position (an entry of <c>top_logprobs</c>).</summary>
/// <param name="Token">The token text; its UTF-8 bytes are sent as <c>bytes</c>.</param>
/// <param name="Logprob">Its natural-log probability (≤ 0).</param>
public sealed record ReplyAlternative(string Token, double Logprob);
