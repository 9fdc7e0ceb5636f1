using System.Globalization;
using System.Text.RegularExpressions;

namespace QualityDiversity.Testing;

/// <summary>
/// A deterministic stand-in for a remote language model behind the chat-completions and the
/// legacy completions wire formats, good enough to drive whole QDAIF runs in both protocols: it
/// writes new opinion-like texts for generation prompts (varying with the request's seed and the
/// examples shown; on the completions route with a leading space, as a base model continues a
/// header), and answers judging prompts the way the engine asks them — whole answer strings
/// scored through echoed prompt log-probabilities, a first token with log-probabilities, a number
/// for verbal questions, JSON for ratings and labels — from a word-count sentiment of the judged
/// text. Answers depend only on the request, as a cached model's would.
/// </summary>
public sealed partial class SimulatedTextModel : ChatResponder
{
    private static readonly string[] Positive = ["delicious", "wonderful", "love", "great", "fresh", "healthy", "joy", "amazing", "happy", "bright"];
    private static readonly string[] Negative = ["awful", "bland", "hate", "terrible", "boring", "soggy", "sad", "disgusting", "bitter", "tired"];
    private static readonly string[] Subjects = ["Carrots", "Lentils", "Spinach", "Beans", "Salads", "Tomatoes", "Peppers", "Broccoli", "Tofu", "Mushrooms"];

    [GeneratedRegex(@"Answer with exactly one word: (?<a>.+?) or (?<b>.+?)\.")]
    private static partial Regex BinaryQuestion();

    [GeneratedRegex(@"from 0 to 1000, that the answer is (?<a>.+?) rather than (?<b>.+?) \(")]
    private static partial Regex VerbalQuestion();

    [GeneratedRegex(@"writing ""(?<a>[^""]+)"" or ""(?<b>[^""]+)""")]
    private static partial Regex ReferenceQuestion();

    [GeneratedRegex(@"What (?<name>\w+) is this \w+ closest to from the following list: \[(?<labels>[^\]]+)\]")]
    private static partial Regex JointLabelLine();

    [GeneratedRegex(@"Choose exactly one of: (?<labels>[^.]+)\.")]
    private static partial Regex LabelQuestion();

    [GeneratedRegex(@"### Input:\n(?<input>.*)\n\n### Response:", RegexOptions.Singleline)]
    private static partial Regex InputBlock();

    private const string ResponseMarker = "### Response:";
    private const string ReferenceRating = "Answer in JSON with the key 'quality'.";

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

    /// <inheritdoc />
    public override async Task<ChatReply> RespondToCompletionAsync(CompletionRequest request, CancellationToken cancellationToken)
    {
        if (Latency > TimeSpan.Zero) await Task.Delay(Latency, cancellationToken).ConfigureAwait(false);
        return Answer(request);
    }

    /// <summary>The answer to a completions-route request: a scored continuation (echo), a judge's first token or number, or a generated text.</summary>
    public ChatReply Answer(CompletionRequest request)
    {
        string prompt = request.Prompt;
        int response = prompt.LastIndexOf(ResponseMarker, StringComparison.Ordinal);
        if (response < 0) return ChatReply.Text(" " + Generate(request.Prompt, request.Seed), completionTokens: 30);
        int answerFrom = response + ResponseMarker.Length;
        var input = InputBlock().Match(prompt);
        double p = Clamp(input.Success ? Similarity(input.Groups["input"].Value) ?? Sentiment(input.Groups["input"].Value) : 0.5);
        var (a, b) = Options(prompt);
        if (request.Echo)
        {
            // Scoring a whole answer string: its log-probability is that of its option.
            string option = prompt[answerFrom..].Trim();
            double logprob = Math.Log(option == a ? p : option == b ? 1 - p : 1e-6);
            return ChatReply.Text("", completionTokens: 0).WithEcho(LoopbackTokens.Echo(prompt, answerFrom, logprob));
        }
        if (VerbalQuestion().IsMatch(prompt))
            return ChatReply.Text(" " + Math.Round(1000 * p).ToString(CultureInfo.InvariantCulture), completionTokens: 2);
        var reply = ChatReply.Text(" \n" + (p >= 0.5 ? a : b), completionTokens: 2);
        if (!ReturnLogprobs || request.Logprobs is null) return reply;
        return reply.WithLogprobs(ReplyToken.Of(" \n", 0.0, (" \n", 0.0)), ReplyToken.FromDistribution([new(a, p), new(b, 1 - p), new("The", 1e-4)]));
    }

    // The two options a judging prompt offers, first the one whose probability is the score.
    private static (string A, string B) Options(string prompt)
    {
        if (BinaryQuestion().Match(prompt) is { Success: true } chat) return (chat.Groups["a"].Value, chat.Groups["b"].Value);
        if (ReferenceQuestion().Match(prompt) is { Success: true } reference) return (reference.Groups["a"].Value, reference.Groups["b"].Value);
        return ("yes", "no");
    }

    private static double Clamp(double p) => Math.Clamp(p, 1e-9, 1 - 1e-9);

    /// <summary>The answer to <paramref name="request"/>.</summary>
    public ChatReply Answer(ChatRequest request)
    {
        string prompt = request.LastUserMessage;
        int promptTokens = Math.Max(1, prompt.Length / 4);
        if (prompt.Contains(ReferenceRating, StringComparison.Ordinal))
        {
            string poem = prompt[..prompt.IndexOf("\nRate the quality", StringComparison.Ordinal)];
            return ChatReply.Text($"{{\"quality\": {1 + (int)Math.Round(9 * Sentiment(poem))}}}", promptTokens: promptTokens, completionTokens: 6);
        }
        var lines = JointLabelLine().Matches(prompt);
        if (lines.Count > 0)
        {
            double q = Sentiment(prompt[..lines[0].Index]);
            var fields = lines.Select(m =>
            {
                var choices = m.Groups["labels"].Value.Split(", ").Select(l => l.Trim('"')).ToArray();
                return $"\"{m.Groups["name"].Value}\": \"{choices[(int)Math.Min(choices.Length - 1, q * choices.Length)]}\"";
            });
            return ChatReply.Text("{" + string.Join(", ", fields) + "}", promptTokens: promptTokens, completionTokens: 12);
        }
        var input = InputBlock().Match(prompt);
        if (!input.Success) return ChatReply.Text(Generate(request.LastUserMessage, request.Seed), promptTokens: promptTokens, completionTokens: 30);

        double p = Similarity(input.Groups["input"].Value) ?? Sentiment(input.Groups["input"].Value);
        if (VerbalQuestion().IsMatch(prompt))
            return ChatReply.Text(Math.Round(1000 * p).ToString(CultureInfo.InvariantCulture), promptTokens: promptTokens, completionTokens: 2);
        if (BinaryQuestion().Match(prompt) is { Success: true } || ReferenceQuestion().Match(prompt) is { Success: true } || prompt.Contains("Answer \"yes\"", StringComparison.Ordinal))
        {
            var (a, b) = Options(prompt);
            var reply = ChatReply.Text(p >= 0.5 ? a : b, promptTokens: promptTokens, completionTokens: 1);
            if (!ReturnLogprobs || request.Logprobs != true) return reply;
            return reply.WithLogprobs(ReplyToken.FromDistribution([new(a, p), new(b, 1 - p), new("The", 1e-4)]));
        }
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
    private static string Generate(string prompt, long? seed)
    {
        ulong state = (ulong)(seed ?? 0) * 0x9E3779B97F4A7C15UL ^ (ulong)StableHash(prompt);
        double lean = Sentiment(prompt);
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
