using System.Text.Json;

namespace QualityDiversity.Testing;

/// <summary>
/// A request to the legacy <c>/completions</c> route (raw prompt, no chat template) as the client
/// sent it, with the fields tests look at read from the JSON body; anything else is in <see cref="Json"/>.
/// </summary>
public sealed class CompletionRequest
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>0-based arrival order among all requests the server received.</summary>
    public int Sequence { get; init; }

    /// <summary>The request path, e.g. <c>/v1/completions</c>.</summary>
    public string Path { get; init; } = "";

    /// <summary>All request headers (names case-insensitive).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = NoHeaders;

    /// <summary>The raw body.</summary>
    public string Body { get; init; } = "";

    /// <summary>The parsed body (a detached clone, safe to keep).</summary>
    public JsonElement Json { get; init; }

    /// <summary><c>model</c>.</summary>
    public string? Model { get; init; }

    /// <summary><c>prompt</c> (the first one when an array is sent).</summary>
    public string Prompt { get; init; } = "";

    /// <summary><c>max_tokens</c>.</summary>
    public int? MaxTokens { get; init; }

    /// <summary><c>temperature</c>.</summary>
    public double? Temperature { get; init; }

    /// <summary><c>top_p</c>.</summary>
    public double? TopP { get; init; }

    /// <summary><c>logprobs</c>: how many alternatives per token (the legacy route's integer), or null.</summary>
    public int? Logprobs { get; init; }

    /// <summary><c>echo</c>: return the prompt (and its tokens' log-probabilities) before the completion.</summary>
    public bool Echo { get; init; }

    /// <summary><c>stop</c> (a single string becomes one entry).</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary><c>seed</c>.</summary>
    public long? Seed { get; init; }

    /// <summary><c>stream</c> (answered with a 400).</summary>
    public bool Stream { get; init; }

    /// <summary>Reads a completions JSON body.</summary>
    /// <exception cref="JsonException">The body is not a JSON object.</exception>
    public static CompletionRequest Parse(string body, string path = "/v1/completions", IReadOnlyDictionary<string, string>? headers = null, int sequence = 0)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new JsonException("The request body is not a JSON object.");
        string prompt = "";
        if (root.TryGetProperty("prompt", out var p))
        {
            if (p.ValueKind == JsonValueKind.String) prompt = p.GetString() ?? "";
            else if (p.ValueKind == JsonValueKind.Array && p.GetArrayLength() > 0 && p[0].ValueKind == JsonValueKind.String) prompt = p[0].GetString() ?? "";
        }
        return new CompletionRequest
        {
            Sequence = sequence,
            Path = path,
            Headers = headers ?? NoHeaders,
            Body = body,
            Json = root.Clone(),
            Model = ChatRequest.String(root, "model"),
            Prompt = prompt,
            MaxTokens = ChatRequest.Int(root, "max_tokens"),
            Temperature = ChatRequest.Double(root, "temperature"),
            TopP = ChatRequest.Double(root, "top_p"),
            Logprobs = ChatRequest.Int(root, "logprobs"),
            Echo = ChatRequest.Bool(root, "echo") == true,
            Stop = ChatRequest.ReadStop(root),
            Seed = root.TryGetProperty("seed", out var seed) && seed.ValueKind == JsonValueKind.Number && seed.TryGetInt64(out long s) ? s : null,
            Stream = ChatRequest.Bool(root, "stream") == true,
        };
    }
}
