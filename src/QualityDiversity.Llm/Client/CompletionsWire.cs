using System.Globalization;
using System.Text.Json;

namespace QualityDiversity.Llm.Client;

/// <summary>
/// The JSON of OpenAI's <c>/completions</c> route (kept by vLLM, llama.cpp server, Ollama and
/// OpenAI's legacy completion models): the request body for a continuation or a scored
/// continuation, and the answer read back, including the continuation's log-probability
/// summed from the echoed prompt tokens.
/// </summary>
internal static class CompletionsWire
{
    /// <summary>The most stop sequences OpenAI's own hosts accept.</summary>
    private const int OpenAiStopLimit = 4;

    /// <summary>The request body for <paramref name="request"/> (a completions-route request) under <paramref name="options"/>.</summary>
    public static byte[] Body(LlmRequest request, LlmOptions options)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("model", options.Model);
            if (request.Continuation is { } continuation)
            {
                // Scoring: the prompt and the continuation are one text; the server echoes the
                // log-probability of each of its tokens.
                json.WriteString("prompt", request.Prompt + continuation);
                json.WriteNumber("max_tokens", options.EchoMaxTokens);
                json.WriteNumber("temperature", request.Temperature ?? 0);
                json.WriteBoolean("echo", true);
                json.WriteNumber("logprobs", 1);
            }
            else
            {
                json.WriteString("prompt", request.Prompt);
                json.WriteNumber("max_tokens", request.MaxTokens ?? options.MaxTokens);
                json.WriteNumber("temperature", request.Temperature ?? options.Temperature);
                if (request.TopP is { } topP) json.WriteNumber("top_p", topP);
                if (request.Stop.Count > 0)
                {
                    int limit = MaxTokensFieldHandler.ForHost(options.Endpoint) == MaxTokensField.MaxCompletionTokens ? OpenAiStopLimit : int.MaxValue;
                    json.WriteStartArray("stop");
                    foreach (var stop in request.Stop.Take(limit)) json.WriteStringValue(stop);
                    json.WriteEndArray();
                }
                if (request.Logprobs) json.WriteNumber("logprobs", request.TopLogprobs);
                if (request.Seed is { } seed) json.WriteNumber("seed", seed);
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Reads a <c>text_completion</c> answer. For a scored continuation the answer's
    /// <see cref="LlmAnswer.ContinuationLogprob"/> is set, or <paramref name="problem"/> says why
    /// it cannot be (no echo, no log-probabilities).
    /// </summary>
    /// <exception cref="JsonException">The body is not the JSON of a completion.</exception>
    public static LlmAnswer Read(string body, LlmRequest request, out string? problem)
    {
        problem = null;
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
            throw new JsonException("no 'choices' array");
        var choice = choices[0];
        string text = choice.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() ?? "" : throw new JsonException("no 'text' in the first choice");
        string? finish = choice.TryGetProperty("finish_reason", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        long prompt = 0, completion = 0;
        if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            prompt = usage.TryGetProperty("prompt_tokens", out var p) && p.TryGetInt64(out long pv) ? pv : 0;
            completion = usage.TryGetProperty("completion_tokens", out var c) && c.TryGetInt64(out long cv) ? cv : 0;
        }
        var tokens = ReadTokens(choice);
        double? continuation = null;
        if (request.Continuation is { } wanted)
            continuation = ContinuationLogprob(text, tokens, request.Prompt!, wanted, out problem);
        return new LlmAnswer
        {
            Text = request.Continuation is null ? text : "",
            FinishReason = finish,
            PromptTokens = prompt,
            CompletionTokens = completion,
            // Without echo the list holds the generated tokens only.
            Logprobs = request.Continuation is null ? tokens.Where(x => x.Logprob is not null).Select(x => x.Token).ToArray() : [],
            ContinuationLogprob = continuation,
        };
    }

    /// <summary>One token of <c>logprobs</c>: its text, offset in the answer text, log-probability (null for the first prompt token) and alternatives.</summary>
    private readonly record struct WireToken(TokenLogprob Token, int? Offset, double? Logprob);

    private static List<WireToken> ReadTokens(JsonElement choice)
    {
        var list = new List<WireToken>();
        if (!choice.TryGetProperty("logprobs", out var logprobs) || logprobs.ValueKind != JsonValueKind.Object) return list;
        if (!logprobs.TryGetProperty("tokens", out var tokens) || tokens.ValueKind != JsonValueKind.Array) return list;
        JsonElement? values = logprobs.TryGetProperty("token_logprobs", out var v) && v.ValueKind == JsonValueKind.Array ? v : null;
        JsonElement? offsets = logprobs.TryGetProperty("text_offset", out var o) && o.ValueKind == JsonValueKind.Array ? o : null;
        JsonElement? tops = logprobs.TryGetProperty("top_logprobs", out var tl) && tl.ValueKind == JsonValueKind.Array ? tl : null;
        int i = 0;
        foreach (var token in tokens.EnumerateArray())
        {
            string text = token.ValueKind == JsonValueKind.String ? token.GetString() ?? "" : "";
            double? logprob = values is { } vs && i < vs.GetArrayLength() && vs[i].ValueKind == JsonValueKind.Number ? vs[i].GetDouble() : null;
            int? offset = offsets is { } os && i < os.GetArrayLength() && os[i].TryGetInt32(out int at) ? at : null;
            var alternatives = new List<TokenAlternative>();
            if (tops is { } ts && i < ts.GetArrayLength() && ts[i].ValueKind == JsonValueKind.Object)
                foreach (var alt in ts[i].EnumerateObject())
                    if (alt.Value.ValueKind == JsonValueKind.Number) alternatives.Add(new TokenAlternative(alt.Name, alt.Value.GetDouble()));
            alternatives.Sort((a, b) => b.Logprob.CompareTo(a.Logprob));
            list.Add(new WireToken(new TokenLogprob(text, logprob ?? double.NaN, alternatives), offset, logprob));
            i++;
        }
        return list;
    }

    /// <summary>
    /// The log-probability of <paramref name="continuation"/> after <paramref name="prompt"/>:
    /// the sum over the echoed tokens that overlap the continuation's characters. A token that
    /// straddles the boundary counts (its probability is conditioned on the prompt before it);
    /// tokens generated after the continuation are ignored.
    /// </summary>
    private static double? ContinuationLogprob(string echoed, List<WireToken> tokens, string prompt, string continuation, out string? problem)
    {
        problem = null;
        string full = prompt + continuation;
        if (!echoed.StartsWith(full, StringComparison.Ordinal))
        {
            problem = "The endpoint did not echo the prompt, so a continuation cannot be scored (it may not support 'echo').";
            return null;
        }
        if (tokens.Count == 0)
        {
            problem = "The endpoint returned no log-probabilities for the echoed prompt.";
            return null;
        }
        // Offsets as the server reports them; rebuilt from token lengths when it sends none.
        bool reported = tokens.All(x => x.Offset is not null);
        int start = prompt.Length, end = full.Length, running = 0;
        double sum = 0;
        int covered = 0;
        foreach (var token in tokens)
        {
            int offset = reported ? token.Offset!.Value : running;
            running = offset + token.Token.Token.Length;
            if (offset >= end || offset + token.Token.Token.Length <= start) continue;
            if (token.Logprob is not { } lp || !double.IsFinite(lp))
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"The endpoint returned no log-probability for the echoed token '{token.Token.Token}' at offset {offset}.");
                return null;
            }
            sum += lp;
            covered++;
        }
        if (covered == 0)
        {
            problem = "No echoed token covers the continuation.";
            return null;
        }
        return sum;
    }
}
