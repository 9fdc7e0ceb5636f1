namespace QualityDiversity.Testing;

/// <summary>A generated token with its log probability and the most likely alternatives at its position.</summary>
/// <param name="Token">The generated token text.</param>
/// <param name="Logprob">Its natural-log probability (≤ 0).</param>
/// <param name="TopLogprobs">The <c>top_logprobs</c> list sent for this position, most likely first.</param>
public sealed record ReplyToken(string Token, double Logprob, IReadOnlyList<ReplyAlternative> TopLogprobs)
{
    /// <summary>A token and its alternatives given as (token, logprob) pairs.</summary>
    public static ReplyToken Of(string token, double logprob, params (string Token, double Logprob)[] top) =>
        new(token, logprob, top.Select(t => new ReplyAlternative(t.Token, t.Logprob)).ToArray());

    /// <summary>
    /// A single-token answer chosen from a probability distribution over options (as a judge asks for): the
    /// generated token is the most probable option and every option appears in <c>top_logprobs</c>,
    /// most probable first. Probabilities need not sum to one; zero becomes a very small log probability.
    /// </summary>
    public static ReplyToken FromDistribution(IEnumerable<KeyValuePair<string, double>> probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        var top = probabilities
            .Select(p => new ReplyAlternative(p.Key, p.Value > 0 ? Math.Log(p.Value) : -9999.0))
            .OrderByDescending(a => a.Logprob)
            .ToArray();
        if (top.Length == 0) throw new ArgumentException("At least one option is needed.", nameof(probabilities));
        return new ReplyToken(top[0].Token, top[0].Logprob, top);
    }
}
