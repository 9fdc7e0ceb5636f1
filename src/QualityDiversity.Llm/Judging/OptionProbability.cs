using QualityDiversity.Llm.Client;

namespace QualityDiversity.Llm.Judging;

/// <summary>Reads the probability of one answer option against another from token log-probabilities.</summary>
public static class OptionProbability
{
    /// <summary>
    /// The softmax of two whole options' log-probabilities: P(first) = 1 / (1 + exp(b - a)),
    /// computed stably. This is how QDAIF's reference turns the two answer strings' scores into a
    /// continuous probability.
    /// </summary>
    /// <exception cref="ArgumentException">A log-probability is NaN or +∞.</exception>
    public static double FromOptionLogprobs(double first, double second)
    {
        if (double.IsNaN(first) || double.IsNaN(second) || double.IsPositiveInfinity(first) || double.IsPositiveInfinity(second))
            throw new ArgumentException($"Option log-probabilities must be finite or -∞, got {first} and {second}.");
        if (double.IsNegativeInfinity(first) && double.IsNegativeInfinity(second))
            throw new ArgumentException("Both options have probability 0.");
        double top = Math.Max(first, second);
        double a = Math.Exp(first - top), b = Math.Exp(second - top);
        return a / (a + b);
    }

    /// <summary>
    /// At the first generated position where the likely tokens name either option, the
    /// probability mass of tokens that start <paramref name="first"/> divided by the mass of
    /// tokens that start either option (a softmax over the two options). A token counts for an
    /// option when, lower-cased and trimmed, it is a non-empty prefix of that option only.
    /// Null when no position mentions an option.
    /// </summary>
    public static double? FromLogprobs(IReadOnlyList<TokenLogprob> tokens, string first, string second)
    {
        string a = AnswerParsing.Normalize(first), b = AnswerParsing.Normalize(second);
        foreach (var position in tokens)
        {
            var candidates = position.Top.Count > 0 ? position.Top : [new TokenAlternative(position.Token, position.Logprob)];
            double massA = 0, massB = 0;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var alt in candidates.Append(new TokenAlternative(position.Token, position.Logprob)))
            {
                if (!seen.Add(alt.Token)) continue;
                string t = AnswerParsing.Normalize(alt.Token);
                if (t.Length == 0) continue;
                bool forA = a.StartsWith(t, StringComparison.Ordinal), forB = b.StartsWith(t, StringComparison.Ordinal);
                if (forA == forB) continue; // names neither, or is ambiguous between them
                double p = Math.Exp(alt.Logprob);
                if (forA) massA += p; else massB += p;
            }
            if (massA + massB > 0) return massA / (massA + massB);
            // Leading whitespace or punctuation tokens carry no answer: look at the next position.
            if (AnswerParsing.Normalize(position.Token).Length > 0) return null;
        }
        return null;
    }
}
