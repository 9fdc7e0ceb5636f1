using System.Text.Json;

namespace QualityDiversity.Testing;

/// <summary>
/// A chat-completions request as the client sent it, with the fields tests look at read from the
/// JSON body; anything else is in <see cref="Json"/>.
/// </summary>
public sealed class ChatRequest
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>0-based arrival order among all requests the server received.</summary>
    public int Sequence { get; init; }

    /// <summary>The request path, e.g. <c>/v1/chat/completions</c>.</summary>
    public string Path { get; init; } = "";

    /// <summary>All request headers (names case-insensitive; repeated headers joined with ", ").</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = NoHeaders;

    /// <summary>The raw body.</summary>
    public string Body { get; init; } = "";

    /// <summary>The parsed body (a detached clone, safe to keep).</summary>
    public JsonElement Json { get; init; }

    /// <summary><c>model</c>.</summary>
    public string? Model { get; init; }

    /// <summary><c>messages</c>, in order.</summary>
    public IReadOnlyList<ChatRequestMessage> Messages { get; init; } = [];

    /// <summary><c>temperature</c>.</summary>
    public double? Temperature { get; init; }

    /// <summary><c>top_p</c>.</summary>
    public double? TopP { get; init; }

    /// <summary><c>max_completion_tokens</c>, or <c>max_tokens</c> when only that is sent.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Which field carried <see cref="MaxTokens"/>: <c>max_completion_tokens</c>, <c>max_tokens</c> or null.</summary>
    public string? MaxTokensField { get; init; }

    /// <summary><c>logprobs</c>.</summary>
    public bool? Logprobs { get; init; }

    /// <summary><c>top_logprobs</c>.</summary>
    public int? TopLogprobs { get; init; }

    /// <summary><c>seed</c>.</summary>
    public long? Seed { get; init; }

    /// <summary><c>stop</c> (a single string becomes one entry).</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary><c>n</c>.</summary>
    public int? N { get; init; }

    /// <summary><c>stream</c> (the loopback server answers streaming requests with a 400).</summary>
    public bool Stream { get; init; }

    /// <summary>The content of the last user message, or empty.</summary>
    public string LastUserMessage => Messages.LastOrDefault(m => m.Role == "user")?.Content ?? "";

    /// <summary>Reads a chat-completions JSON body.</summary>
    /// <exception cref="JsonException">The body is not a JSON object.</exception>
    public static ChatRequest Parse(string body, string path = "/v1/chat/completions", IReadOnlyDictionary<string, string>? headers = null, int sequence = 0)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new JsonException("The request body is not a JSON object.");

        int? maxTokens = null;
        string? maxField = null;
        if (Int(root, "max_completion_tokens") is { } completionTokens) { maxTokens = completionTokens; maxField = "max_completion_tokens"; }
        else if (Int(root, "max_tokens") is { } legacyTokens) { maxTokens = legacyTokens; maxField = "max_tokens"; }

        return new ChatRequest
        {
            Sequence = sequence,
            Path = path,
            Headers = headers ?? NoHeaders,
            Body = body,
            Json = root.Clone(),
            Model = String(root, "model"),
            Messages = ReadMessages(root),
            Temperature = Double(root, "temperature"),
            TopP = Double(root, "top_p"),
            MaxTokens = maxTokens,
            MaxTokensField = maxField,
            Logprobs = Bool(root, "logprobs"),
            TopLogprobs = Int(root, "top_logprobs"),
            Seed = root.TryGetProperty("seed", out var seed) && seed.ValueKind == JsonValueKind.Number && seed.TryGetInt64(out long s) ? s : null,
            Stop = ReadStop(root),
            N = Int(root, "n"),
            Stream = Bool(root, "stream") == true,
        };
    }

    private static List<ChatRequestMessage> ReadMessages(JsonElement root)
    {
        var messages = new List<ChatRequestMessage>();
        if (!root.TryGetProperty("messages", out var array) || array.ValueKind != JsonValueKind.Array) return messages;
        foreach (var message in array.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object) continue;
            string role = String(message, "role") ?? "";
            string content = "";
            if (message.TryGetProperty("content", out var c))
            {
                if (c.ValueKind == JsonValueKind.String) content = c.GetString() ?? "";
                else if (c.ValueKind == JsonValueKind.Array)
                    content = string.Concat(c.EnumerateArray()
                        .Where(p => p.ValueKind == JsonValueKind.Object && String(p, "type") == "text")
                        .Select(p => String(p, "text") ?? ""));
            }
            messages.Add(new ChatRequestMessage(role, content, String(message, "name")));
        }
        return messages;
    }

    internal static List<string> ReadStop(JsonElement root)
    {
        if (!root.TryGetProperty("stop", out var stop)) return [];
        return stop.ValueKind switch
        {
            JsonValueKind.String => [stop.GetString() ?? ""],
            JsonValueKind.Array => stop.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString() ?? "").ToList(),
            _ => [],
        };
    }

    internal static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static double? Double(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    internal static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : null;

    internal static bool? Bool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
}
