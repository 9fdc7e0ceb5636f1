using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using QualityDiversity.Llm.Client;

namespace QualityDiversity.Llm.Caching;

/// <summary>
/// A persistent store of model answers keyed by <see cref="LlmCacheKey"/>: an append-only JSON
/// Lines file, flushed after every answer so nothing paid for is lost when a run is
/// interrupted. Only successful answers are stored (a failed call is tried again next time).
/// A torn last line (an interrupted write) is skipped; any other malformed line is an error
/// naming the file and line. Safe for concurrent use.
/// </summary>
public sealed class LlmAnswerCache : IDisposable
{
    private readonly ConcurrentDictionary<string, LlmAnswer> _answers = new();
    private readonly object _writeLock = new();
    private readonly StreamWriter? _writer;

    private LlmAnswerCache(string? path)
    {
        Path = path;
        if (path is null) return;
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        if (File.Exists(path)) Load(path);
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        _writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = false };
    }

    /// <summary>Opens (or creates) the cache file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">A line other than the last is malformed.</exception>
    public static LlmAnswerCache Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new LlmAnswerCache(path);
    }

    /// <summary>A cache that lives only in memory.</summary>
    public static LlmAnswerCache InMemory() => new(null);

    /// <summary>The backing file, or null in memory.</summary>
    public string? Path { get; }

    /// <summary>Answers stored.</summary>
    public int Count => _answers.Count;

    /// <summary>A warning about a skipped torn last line, if there was one.</summary>
    public string? LoadWarning { get; private set; }

    /// <summary>The stored answer for <paramref name="key"/>, if any.</summary>
    public bool TryGet(string key, out LlmAnswer answer) => _answers.TryGetValue(key, out answer!);

    /// <summary>Stores an answer (the first one stored for a key wins) and appends it to the file.</summary>
    public void Put(string key, string model, string purpose, LlmAnswer answer)
    {
        if (!_answers.TryAdd(key, answer with { FromCache = false })) return;
        if (_writer is null) return;
        var line = Serialize(key, model, purpose, answer);
        lock (_writeLock)
        {
            _writer.Write(line);
            _writer.Write('\n');
            _writer.Flush();
        }
    }

    private void Load(string path)
    {
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            try
            {
                var (key, answer) = Deserialize(lines[i]);
                _answers.TryAdd(key, answer);
            }
            catch (Exception e) when (e is JsonException or InvalidDataException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                bool isLast = lines.Skip(i + 1).All(l => l.Length == 0);
                if (isLast)
                {
                    LoadWarning = $"{path}: skipped an incomplete last line {i + 1} (an interrupted write).";
                    TruncateTornTail(path, lines, i);
                    return;
                }
                throw new InvalidDataException($"{path}, line {i + 1}: not a cached answer ({e.Message}).", e);
            }
        }
    }

    // Rewrites the file without the torn line so the next append starts on a fresh line.
    private static void TruncateTornTail(string path, string[] lines, int tornIndex)
    {
        var kept = new StringBuilder();
        for (int k = 0; k < tornIndex; k++)
            if (lines[k].Length > 0) kept.Append(lines[k]).Append('\n');
        Persistence.AtomicFile.WriteAllText(path, kept.ToString());
    }

    private static string Serialize(string key, string model, string purpose, LlmAnswer answer)
    {
        var logprobs = new JsonArray();
        foreach (var t in answer.Logprobs)
        {
            var top = new JsonArray();
            foreach (var alt in t.Top) top.Add(new JsonArray(JsonValue.Create(alt.Token), JsonValue.Create(alt.Logprob)));
            logprobs.Add(new JsonObject { ["t"] = t.Token, ["lp"] = t.Logprob, ["top"] = top });
        }
        var node = new JsonObject
        {
            ["key"] = key,
            ["model"] = model,
            ["purpose"] = purpose,
            ["text"] = answer.Text,
            ["finish"] = answer.FinishReason,
            ["prompt_tokens"] = answer.PromptTokens,
            ["completion_tokens"] = answer.CompletionTokens,
            ["logprobs"] = logprobs,
            ["at"] = DateTimeOffset.UtcNow.ToString("O"),
        };
        if (answer.ContinuationLogprob is { } scored) node["continuation_logprob"] = scored;
        return node.ToJsonString();
    }

    private static (string Key, LlmAnswer Answer) Deserialize(string line)
    {
        var node = JsonNode.Parse(line)?.AsObject() ?? throw new InvalidDataException("empty JSON");
        string key = Required(node, "key").GetValue<string>();
        var logprobs = new List<TokenLogprob>();
        if (node["logprobs"] is JsonArray array)
        {
            foreach (var item in array)
            {
                var entry = item?.AsObject() ?? throw new InvalidDataException("a null entry in 'logprobs'");
                var top = Required(entry, "top").AsArray().Select(a => a is JsonArray pair && pair.Count == 2 && pair[0] is not null && pair[1] is not null
                    ? new TokenAlternative(pair[0]!.GetValue<string>(), pair[1]!.GetValue<double>())
                    : throw new InvalidDataException("an alternative in 'logprobs.top' is not a [token, logprob] pair")).ToArray();
                logprobs.Add(new TokenLogprob(Required(entry, "t").GetValue<string>(), Required(entry, "lp").GetValue<double>(), top));
            }
        }
        var answer = new LlmAnswer
        {
            Text = Required(node, "text").GetValue<string>(),
            FinishReason = node["finish"]?.GetValue<string>(),
            PromptTokens = node["prompt_tokens"]?.GetValue<long>() ?? 0,
            CompletionTokens = node["completion_tokens"]?.GetValue<long>() ?? 0,
            Logprobs = logprobs,
            ContinuationLogprob = node["continuation_logprob"]?.GetValue<double>(),
        };
        return (key, answer);
    }

    // A field every cached answer has; missing or null makes the line unreadable, named.
    private static JsonNode Required(JsonObject node, string name) =>
        node[name] ?? throw new InvalidDataException($"'{name}' is missing or null");

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_writeLock) _writer?.Dispose();
    }
}
