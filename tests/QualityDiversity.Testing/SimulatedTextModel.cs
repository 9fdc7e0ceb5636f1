using System.Globalization;
using System.Text.RegularExpressions;

namespace QualityDiversity.Testing;

/// <summary>
/// A deterministic stand-in for a remote language model behind the chat-completions wire
/// format, good enough to drive whole QDAIF runs: it writes new opinion-like texts for
/// generation prompts (varying with the request's seed and the examples shown), and answers
/// judging prompts the way the engine asks them — a first token with log-probabilities for
/// binary questions, a number for verbal questions, JSON for ratings and labels — from a
/// word-count sentiment of the judged text. Answers depend only on the request, as a cached
/// model's would.
/// </summary>
public sealed partial class SimulatedTextModel : ChatResponder
{
    private static readonly string[] Positive = ["delicious", "wonderful", "love", "great", "fresh", "healthy", "joy", "amazing", "happy", "bright"];
    private static readonly string[] Negative = ["awful", "bland", "hate", "terrible", "boring", "soggy", "sad", "disgusting", "bitter", "tired"];
    private static readonly string[] Subjects = ["Carrots", "Lentils", "Spinach", "Beans", "Salads", "Tomatoes", "Peppers", "Broccoli", "Tofu", "Mushrooms"];

    [GeneratedRegex(@"Answer with exactly one word: (?<a>.+?) or (?<b>.+?)\.")]
    private static partial Regex BinaryQuestion();

    [GeneratedRegex(@"that the answer is (?<a>.+?) rather than (?<b>.+?)\.")]
    private static partial Regex VerbalQuestion();

    [GeneratedRegex(@"Choose exactly one of: (?<labels>[^.]+)\.")]
    private static partial Regex LabelQuestion();

    [GeneratedRegex(@"### Input:\n(?<input>.*)\n\n### Response:", RegexOptions.Singleline)]
    private static partial Regex InputBlock();

    /// <summary>Whether binary questions get log-probabilities (false simulates an endpoint without them).</summary>
    public bool ReturnLogprobs { get; init; } = true;

    /// <summary>Delay before every answer.</summary>
    public TimeSpan Latency { get; init; }

    /// <inheritdoc />
    public override async Task<ChatReply> RespondAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        if (Latency > TimeSpan.Zero) await Task.Delay(Latency, cancellationToken).ConfigureAwait(false);
        return Answer(request);
    }

    /// <summary>The answer to <paramref name="request"/>.</summary>
    public ChatReply Answer(ChatRequest request)
    {
        string prompt = request.LastUserMessage;
        int promptTokens = Math.Max(1, prompt.Length / 4);
        var input = InputBlock().Match(prompt);
        if (!input.Success) return ChatReply.Text(Generate(request), promptTokens: promptTokens, completionTokens: 30);

        double p = Similarity(input.Groups["input"].Value) ?? Sentiment(input.Groups["input"].Value);
        if (BinaryQuestion().Match(prompt) is { Success: true } binary)
        {
            string a = binary.Groups["a"].Value, b = binary.Groups["b"].Value;
            var reply = ChatReply.Text(p >= 0.5 ? a : b, promptTokens: promptTokens, completionTokens: 1);
            if (!ReturnLogprobs || request.Logprobs != true) return reply;
            return reply.WithLogprobs(ReplyToken.FromDistribution([new(a, p), new(b, 1 - p), new("The", 1e-4)]));
        }
        if (VerbalQuestion().IsMatch(prompt))
            return ChatReply.Text(Math.Round(100 * p).ToString(CultureInfo.InvariantCulture), promptTokens: promptTokens, completionTokens: 2);
        if (prompt.Contains("\"rating\"", StringComparison.Ordinal))
            return ChatReply.Text($"{{\"rating\": {1 + (int)Math.Round(9 * p)}}}", promptTokens: promptTokens, completionTokens: 6);
        if (LabelQuestion().Match(prompt) is { Success: true } labels)
        {
            var choices = labels.Groups["labels"].Value.Split(", ");
            return ChatReply.Text($"{{\"label\": \"{choices[(int)Math.Min(choices.Length - 1, p * choices.Length)]}\"}}", promptTokens: promptTokens, completionTokens: 6);
        }
        return ChatReply.Text("I am not sure.", promptTokens: promptTokens, completionTokens: 4);
    }

    /// <summary>A logistic of positive minus negative sentiment words: a probability in (0, 1) that reaches QDAIF's extreme bins.</summary>
    public static double Sentiment(string text)
    {
        string lower = text.ToLowerInvariant();
        int positive = Positive.Sum(w => Count(lower, w)), negative = Negative.Sum(w => Count(lower, w));
        return 1.0 / (1.0 + Math.Exp(-1.5 * (positive - negative)));
    }

    /// <summary>
    /// For a similarity triplet ("Reference: … A: … B: …"), the probability that A is closer to
    /// the reference in sentiment: a logistic of how much closer it is. Null for other inputs.
    /// </summary>
    public static double? Similarity(string input)
    {
        if (!input.StartsWith("Reference:\n", StringComparison.Ordinal)) return null;
        int a = input.IndexOf("\n\nA:\n", StringComparison.Ordinal), b = input.IndexOf("\n\nB:\n", StringComparison.Ordinal);
        if (a < 0 || b < a) return null;
        double reference = Sentiment(input[11..a]), sa = Sentiment(input[(a + 5)..b]), sb = Sentiment(input[(b + 5)..]);
        return 1.0 / (1.0 + Math.Exp(-8 * (Math.Abs(sb - reference) - Math.Abs(sa - reference))));
    }

    private static int Count(string text, string word)
    {
        int count = 0;
        for (int i = text.IndexOf(word, StringComparison.Ordinal); i >= 0; i = text.IndexOf(word, i + word.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    // A new text leaning toward the examples' sentiment but drawn from the request's seed, so
    // different steps give different texts and the same request always the same one.
    private static string Generate(ChatRequest request)
    {
        ulong state = (ulong)(request.Seed ?? 0) * 0x9E3779B97F4A7C15UL ^ (ulong)StableHash(request.LastUserMessage);
        double lean = Sentiment(request.LastUserMessage);
        var words = new List<string>();
        int adjectives = 1 + (int)(Next(ref state) % 4);
        for (int i = 0; i < adjectives; i++)
        {
            bool positive = (Next(ref state) % 1000) / 1000.0 < lean * 0.8 + 0.1;
            words.Add((positive ? Positive : Negative)[Next(ref state) % 10]);
        }
        string subject = Subjects[Next(ref state) % 10];
        return $"{subject} are {string.Join(" and ", words)}. I have eaten them for {1 + Next(ref state) % 20} years.";
    }

    private static ulong Next(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        ulong z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static long StableHash(string text)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in text) hash = (hash ^ c) * 1099511628211UL;
        return (long)hash;
    }
}
