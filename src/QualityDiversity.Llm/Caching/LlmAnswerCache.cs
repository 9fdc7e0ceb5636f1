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
/// <remarks>
/// Every answer line is one paid call, with the tokens it was billed, numbered in file order
/// (<see cref="Stored"/> counts them). That lets a run count calls that a killed process paid
/// for but never recorded in its totals: it marks them <see cref="MarkUncounted">uncounted</see>,
/// and the first request answered from such an entry counts as the paid call it was instead of
/// a cache hit. A <see cref="Withdraw">withdrawn</see> answer (one that could not be used) is no
/// longer answered from the cache but stays in the file, so its call stays countable.
/// </remarks>
public sealed class LlmAnswerCache : IDisposable
{
    private readonly ConcurrentDictionary<string, LlmAnswer> _answers = new();
    private readonly object _writeLock = new();
    private readonly StreamWriter? _writer;

    // Every answer ever stored, in file order (guarded by _writeLock), and the ones whose call is
    // not yet counted in any usage total, by key (withdrawn ones by index).
    private readonly List<StoredCall> _stored = [];
    private readonly HashSet<string> _withdrawn = new(StringComparer.Ordinal);
    // The numbers of the stored answers that were withdrawn (a key asked again has a later, served one).
    private readonly HashSet<int> _withdrawnIndices = [];
    private readonly ConcurrentDictionary<string, int> _uncounted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, bool> _uncountedWithdrawn = new();

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
        var line = _writer is null ? null : Serialize(key, model, purpose, answer);
        lock (_writeLock)
        {
            // Numbered under the lock, so that the numbers follow the order of the lines in the file.
            _stored.Add(new StoredCall(key, model, answer.PromptTokens, answer.CompletionTokens));
            _withdrawn.Remove(key);
            if (_writer is null) return;
            _writer.Write(line);
            _writer.Write('\n');
            _writer.Flush();
        }
    }

    /// <summary>
    /// Stores an answer that was paid for but cannot be used (an empty answer, a refusal) as
    /// withdrawn at once: it is never answered from the cache, and its call stays countable like
    /// that of any <see cref="Withdraw">withdrawn</see> answer.
    /// </summary>
    public void PutWithdrawn(string key, string model, string purpose, LlmAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (_answers.ContainsKey(key)) return;
        var line = _writer is null ? null : Serialize(key, model, purpose, answer);
        lock (_writeLock)
        {
            _withdrawnIndices.Add(_stored.Count);
            _stored.Add(new StoredCall(key, model, answer.PromptTokens, answer.CompletionTokens));
            _withdrawn.Add(key);
            if (_writer is null) return;
            _writer.Write(line);
            _writer.Write('\n');
            _writer.Write(new JsonObject { ["key"] = key, ["withdrawn"] = true, ["at"] = DateTimeOffset.UtcNow.ToString("O") }.ToJsonString());
            _writer.Write('\n');
            _writer.Flush();
        }
    }

    /// <summary>Answers stored so far (each one paid call), withdrawn ones included; the number the next one gets.</summary>
    public int Stored
    {
        get
        {
            lock (_writeLock) return _stored.Count;
        }
    }

    /// <summary>
    /// Marks the stored answers numbered <paramref name="indices"/> (0 to <see cref="Stored"/> - 1;
    /// others are ignored) as paid by an earlier process whose usage totals do not include them.
    /// </summary>
    public void MarkUncounted(IEnumerable<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        lock (_writeLock)
        {
            foreach (int i in indices)
            {
                if (i < 0 || i >= _stored.Count) continue;
                // An answer never served (withdrawn, or a second one for its key) counts as a withdrawn one.
                if (_withdrawnIndices.Contains(i) || !_uncounted.TryAdd(_stored[i].Key, i)) _uncountedWithdrawn[i] = true;
            }
        }
    }

    /// <summary>The numbers of the stored answers still marked uncounted, in order.</summary>
    public IReadOnlyList<int> Uncounted => _uncounted.Values.Concat(_uncountedWithdrawn.Keys).Order().ToArray();

    /// <summary>
    /// Withdraws the answers numbered <paramref name="from"/> on: they are no longer answered from
    /// the cache (a later request asks the endpoint again), and a line saying so is appended for
    /// each; their calls stay countable.
    /// </summary>
    public void Withdraw(int from)
    {
        lock (_writeLock)
        {
            for (int i = Math.Max(0, from); i < _stored.Count; i++)
            {
                string key = _stored[i].Key;
                _withdrawnIndices.Add(i);
                if (!_withdrawn.Add(key)) continue;
                _answers.TryRemove(key, out _);
                if (_uncounted.TryRemove(key, out int index)) _uncountedWithdrawn[index] = true;
                if (_writer is null) continue;
                _writer.Write(new JsonObject { ["key"] = key, ["withdrawn"] = true, ["at"] = DateTimeOffset.UtcNow.ToString("O") }.ToJsonString());
                _writer.Write('\n');
            }
            _writer?.Flush();
        }
    }

    /// <summary>Takes the uncounted mark of <paramref name="key"/>'s answer, if it has one, with the tokens of its call.</summary>
    internal bool TakeUncounted(string key, out long promptTokens, out long completionTokens)
    {
        promptTokens = completionTokens = 0;
        if (_uncounted.IsEmpty || !_uncounted.TryRemove(key, out int index)) return false;
        lock (_writeLock) (promptTokens, completionTokens) = (_stored[index].PromptTokens, _stored[index].CompletionTokens);
        return true;
    }

    /// <summary>Takes the uncounted marks of withdrawn answers of <paramref name="model"/>, with the tokens of their calls.</summary>
    internal List<(long PromptTokens, long CompletionTokens)> TakeUncountedWithdrawn(string model)
    {
        var taken = new List<(long, long)>();
        lock (_writeLock)
        {
            foreach (int i in _uncountedWithdrawn.Keys.Order().ToArray())
            {
                if (_stored[i].Model != model || !_uncountedWithdrawn.TryRemove(i, out _)) continue;
                taken.Add((_stored[i].PromptTokens, _stored[i].CompletionTokens));
            }
        }
        return taken;
    }

    private void Load(string path)
    {
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        var latest = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            try
            {
                var (key, model, answer) = Deserialize(lines[i]);
                if (answer is null)
                {
                    if (latest.TryGetValue(key, out int withdrawnIndex)) _withdrawnIndices.Add(withdrawnIndex);
                    if (_withdrawn.Add(key)) _answers.TryRemove(key, out _);
                    continue;
                }
                // A key stored twice (two processes appending, or a withdrawn answer asked again) is two paid calls; the first answer serves.
                latest[key] = _stored.Count;
                _stored.Add(new StoredCall(key, model, answer.PromptTokens, answer.CompletionTokens));
                if (_withdrawn.Remove(key) || !_answers.ContainsKey(key)) _answers[key] = answer;
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

    // A withdrawal line gives a null answer.
    private static (string Key, string Model, LlmAnswer? Answer) Deserialize(string line)
    {
        var node = JsonNode.Parse(line)?.AsObject() ?? throw new InvalidDataException("empty JSON");
        string key = Required(node, "key").GetValue<string>();
        if (node["withdrawn"] is { } withdrawn && withdrawn.GetValue<bool>()) return (key, "", null);
        string model = node["model"]?.GetValue<string>() ?? "";
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
        return (key, model, answer);
    }

    private readonly record struct StoredCall(string Key, string Model, long PromptTokens, long CompletionTokens);

    // A field every cached answer has; missing or null makes the line unreadable, named.
    private static JsonNode Required(JsonObject node, string name) =>
        node[name] ?? throw new InvalidDataException($"'{name}' is missing or null");

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_writeLock) _writer?.Dispose();
    }
}
