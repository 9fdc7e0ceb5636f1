namespace QualityDiversity.Text.Embeddings;

/// <summary>
/// Remembers the embeddings of up to <see cref="Capacity"/> texts so a text seen again is not
/// embedded again; the least recently used text is forgotten first. Texts are compared exactly
/// (ordinal). Safe for concurrent use: the inner embedder is called outside the lock, so two
/// threads asking at the same moment for the same new text may both embed it (with the same
/// result). A text repeated within one call is embedded once. Each caller gets its own copy of
/// a cached row, so changing a returned array does not change the cache.
/// </summary>
public sealed class CachingTextEmbedder : ITextEmbedder
{
    /// <summary>Texts kept unless told otherwise (about 15 MB of 384-dimensional rows).</summary>
    public const int DefaultCapacity = 10_000;

    private readonly ITextEmbedder _inner;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new(); // most recently used first
    private long _hits;
    private long _misses;

    /// <summary>Wraps an embedder.</summary>
    /// <param name="inner">Embeds the texts not in the cache; not owned (not disposed) by this wrapper.</param>
    /// <param name="capacity">Most texts remembered (at least 1).</param>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is below 1.</exception>
    public CachingTextEmbedder(ITextEmbedder inner, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The cache must hold at least one text.");
        _inner = inner;
        Capacity = capacity;
    }

    /// <inheritdoc />
    public int Dimension => _inner.Dimension;

    /// <inheritdoc />
    public string ModelName => _inner.ModelName;

    /// <summary>Most texts remembered.</summary>
    public int Capacity { get; }

    /// <summary>Texts remembered now.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _entries.Count;
        }
    }

    /// <summary>Texts answered from the cache so far (each occurrence counts).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Distinct texts per call that had to be embedded by the inner embedder so far.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <inheritdoc />
    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var result = new float[texts.Count][];
        var missing = new List<string>();
        var missingIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var slots = new int[texts.Count]; // -1: found; otherwise index into missing
        int hits = 0;
        lock (_gate)
        {
            for (int i = 0; i < texts.Count; i++)
            {
                var text = texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts));
                if (_entries.TryGetValue(text, out var node))
                {
                    Touch(node);
                    result[i] = (float[])node.Value.Vector.Clone();
                    slots[i] = -1;
                    hits++;
                }
                else
                {
                    if (!missingIndex.TryGetValue(text, out int m))
                    {
                        m = missing.Count;
                        missing.Add(text);
                        missingIndex.Add(text, m);
                    }
                    slots[i] = m;
                }
            }
        }
        Interlocked.Add(ref _hits, hits);
        if (missing.Count == 0) return result;

        var fresh = _inner.Embed(missing, ct);
        if (fresh is null || fresh.Length != missing.Count)
            throw new InvalidOperationException($"The inner embedder ({_inner.ModelName}) returned {fresh?.Length ?? 0} rows for {missing.Count} texts.");
        for (int m = 0; m < fresh.Length; m++)
            if (fresh[m] is null || fresh[m].Length != Dimension)
                throw new InvalidOperationException($"The inner embedder ({_inner.ModelName}) returned a row of {fresh[m]?.Length ?? 0} values for a {Dimension}-dimensional embedding.");
        Interlocked.Add(ref _misses, missing.Count);
        lock (_gate)
        {
            for (int m = 0; m < missing.Count; m++) Store(missing[m], (float[])fresh[m].Clone());
        }
        bool[] handedOut = new bool[missing.Count];
        for (int i = 0; i < texts.Count; i++)
        {
            int m = slots[i];
            if (m < 0) continue;
            // The first occurrence may take the inner embedder's array (the cache holds a copy).
            result[i] = handedOut[m] ? (float[])fresh[m].Clone() : fresh[m];
            handedOut[m] = true;
        }
        return result;
    }

    /// <inheritdoc />
    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Embed([text])[0];
    }

    /// <summary>Forgets every text (the hit and miss counts are kept).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _recency.Clear();
        }
    }

    // Callers hold _gate.
    private void Touch(LinkedListNode<Entry> node)
    {
        if (node != _recency.First)
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
        }
    }

    // Callers hold _gate.
    private void Store(string text, float[] vector)
    {
        if (_entries.TryGetValue(text, out var existing))
        {
            Touch(existing); // another thread stored it meanwhile; the values agree
            return;
        }
        while (_entries.Count >= Capacity)
        {
            var oldest = _recency.Last!;
            _recency.RemoveLast();
            _entries.Remove(oldest.Value.Text);
        }
        _entries.Add(text, _recency.AddFirst(new Entry(text, vector)));
    }

    private sealed record Entry(string Text, float[] Vector);
}
