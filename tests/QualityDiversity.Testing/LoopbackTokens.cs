using System.Text.RegularExpressions;

namespace QualityDiversity.Testing;

/// <summary>
/// A stand-in tokenizer for loopback answers: runs of whitespace, runs of letters and digits,
/// and single other characters are tokens, so " \npositive" is the two tokens " \n" and
/// "positive" and token boundaries fall where a judge's answer strings start.
/// </summary>
public static partial class LoopbackTokens
{
    [GeneratedRegex(@"\s+|\w+|[^\w\s]")]
    private static partial Regex Token();

    /// <summary>The tokens of <paramref name="text"/>, which concatenate back to it.</summary>
    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Token().Matches(text).Select(m => m.Value).ToArray();
    }

    /// <summary>
    /// Echo tokens for <paramref name="prompt"/>: every token gets <paramref name="promptLogprob"/>
    /// except those of the text from <paramref name="scoredFrom"/> on, which share
    /// <paramref name="scoredLogprob"/> equally, so the scored part's log-probability sums to it.
    /// </summary>
    public static IReadOnlyList<ReplyToken> Echo(string prompt, int scoredFrom, double scoredLogprob, double promptLogprob = -1.0)
    {
        var tokens = Split(prompt);
        int offset = 0, scored = 0;
        foreach (var t in tokens)
        {
            if (offset >= scoredFrom) scored++;
            offset += t.Length;
        }
        var result = new List<ReplyToken>(tokens.Count);
        offset = 0;
        foreach (var t in tokens)
        {
            double lp = offset >= scoredFrom ? scoredLogprob / scored : promptLogprob;
            result.Add(new ReplyToken(t, lp, [new ReplyAlternative(t, lp)]));
            offset += t.Length;
        }
        return result;
    }
}
