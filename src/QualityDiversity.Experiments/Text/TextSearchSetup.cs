using QualityDiversity.Experiments.Runs;
using QualityDiversity.Archives;
using QualityDiversity.Archives.Depth;
using QualityDiversity.Llm.Caching;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Llm.Client;
using QualityDiversity.Llm.LearnedMeasures;
using QualityDiversity.Persistence;
using QualityDiversity.Text.Domains;
using QualityDiversity.Text.Genomes;
using QualityDiversity.Text.Search;
using QualityDiversity.Text.Selection;

namespace QualityDiversity.Experiments.Text;

/// <summary>A built text search and what its session needs besides the search itself.</summary>
internal sealed class TextSearchSetup : IDisposable
{
    private readonly List<IDisposable> _owned;

    public TextSearchSetup(TextRunConfig config, TextDomain domain, GenerativeSearch search,
        IReadOnlyList<(ILlmClient Client, LlmOptions Options)> clients, LlmAnswerCache? cache, List<IDisposable> owned)
    {
        Config = config;
        Domain = domain;
        Search = search;
        Clients = clients;
        Cache = cache;
        _owned = owned;
    }

    public TextRunConfig Config { get; }

    public TextDomain Domain { get; }

    public GenerativeSearch Search { get; }

    /// <summary>The run's judgments file (appended as answers arrive) when the measures are learned; otherwise null.</summary>
    public JudgmentSet? Judgments { get; init; }

    /// <summary>
    /// The judgments the learned measure space trained on up to the restored checkpoint (or so
    /// far), in the order it took them: what the judgments file must hold. Empty without learned measures.
    /// </summary>
    public IReadOnlyList<Judgment> JudgeAnswers => Search.MeasureSpace is LearnedTextMeasureSpace space ? space.Judgments : [];

    /// <summary>Whether the measures are learned from judgments during the run.</summary>
    public bool LearnsMeasures => Search.MeasureSpace is not null;

    /// <summary>Names of the archive's measure axes: the domain's, or learned_0, learned_1, ….</summary>
    public IReadOnlyList<string> AxisNames => LearnsMeasures
        ? Enumerable.Range(0, Search.Archive.MeasureDim).Select(k => $"learned_{k}").ToArray()
        : Domain.Axes.Select(a => a.Name).ToArray();

    /// <summary>The search's current archive (a learned measure space replaces it at each refit).</summary>
    public IArchive<TextGenome> Archive => Search.Archive;

    /// <summary>The cell archive that decides cells and scores.</summary>
    public CellArchive<TextGenome> Cells => (CellArchive<TextGenome>)ArchiveElites.Unwrap(Search.Archive);

    /// <summary>Texts kept in <paramref name="cell"/>: its depth list, or its elite.</summary>
    public int DepthCount(int cell) => Search.Archive is CellDepthArchive<TextGenome> depth ? depth.DepthCount(cell) : 1;

    /// <summary>Distinct model clients (generation, judging) with their options, for usage and cost metrics.</summary>
    public IReadOnlyList<(ILlmClient Client, LlmOptions Options)> Clients { get; }

    /// <summary>The persistent answer cache, in LLM mode.</summary>
    public LlmAnswerCache? Cache { get; }

    /// <summary>The name of the checkpoint section holding the model usage before this process.</summary>
    public const string UsageSection = "llm-usage";

    // Usage of the processes before this one, as of the checkpoint this one resumed from: per
    // client (so that costs are priced exactly as an uninterrupted run prices them), or as one
    // total with its cost when the checkpoint has model-usage format 1.
    private LlmUsageSnapshot[] _clientUsageBefore = [];
    private LlmUsageSnapshot _usageBefore;
    private double _costBefore;

    /// <summary>
    /// Writes the checkpoint: the search, the model usage so far so that totals carry over a
    /// resume, the settings the results depend on, and <paramref name="extra"/> sections.
    /// </summary>
    public void SaveCheckpoint(string path, params IReadOnlyList<CheckpointSection> extra) => CheckpointFile.Write(path,
    [
        new CheckpointSection(GenerativeSearch.CheckpointSectionName, Search.WriteState),
        new CheckpointSection(UsageSection, WriteUsage),
        RunConfigurationRecord.Section(Config),
        .. extra,
    ]);


    /// <summary>Restores a checkpoint written by <see cref="SaveCheckpoint"/> (or by the search alone).</summary>
    /// <exception cref="InvalidDataException">It is damaged or does not fit this search.</exception>
    public void LoadCheckpoint(string path)
    {
        using var contents = CheckpointFile.Open(path);
        LoadCheckpoint(contents);
    }

    /// <summary>
    /// Restores an open checkpoint (verified, or of the earlier unframed layout, which holds the
    /// search alone), and marks the answers in the cache that were paid for after it — by a
    /// process killed before its next checkpoint — so that their calls are counted once more
    /// (<see cref="CountCallsPaidSince"/>).
    /// </summary>
    /// <exception cref="InvalidDataException">It does not fit this search.</exception>
    public void LoadCheckpoint(CheckpointContents contents)
    {
        contents.Read(GenerativeSearch.CheckpointSectionName, Search.ReadState);
        // Without a usage section (a checkpoint of an earlier release) no call was counted: every stored answer was paid by this run.
        if (contents.Contains(UsageSection)) contents.Read(UsageSection, ReadUsage);
        else CountCallsPaidSince(0, []);
    }

    /// <summary>
    /// Counts the calls behind the cache's answers numbered <paramref name="counted"/> on and
    /// <paramref name="uncounted"/>, which this run paid for but whose usage its totals do not
    /// hold: each counts as a paid call when a request first takes it from the cache (as it did in
    /// the process that paid), or now when it was withdrawn. A run that starts again from the
    /// beginning counts them all.
    /// </summary>
    /// <remarks>
    /// Calls, tokens and cost come out as an uninterrupted run's. Retries and failed calls of a
    /// killed process after its last checkpoint leave no trace and are not counted, and a request
    /// in flight when the process died may have been paid without an answer.
    /// </remarks>
    public void CountCallsPaidSince(int counted, IReadOnlyList<int> uncounted)
    {
        if (Cache is null) return;
        Cache.MarkUncounted(uncounted.Concat(Enumerable.Range(counted, Math.Max(0, Cache.Stored - counted))));
        foreach (var (client, _) in Clients)
            if (client is CachingLlmClient caching) caching.CountWithdrawnCalls();
    }

    // Format 2: the usage per client instead of one total and its cost, the cache's count of
    // stored answers at the checkpoint, and the numbers of those still uncounted.
    private const int UsageFormat = 2;

    private void WriteUsage(BinaryWriter writer)
    {
        writer.Write(UsageFormat);
        writer.Write(Clients.Count);
        for (int i = 0; i < Clients.Count; i++) Write(writer, Add(Before(i), Clients[i].Client.Usage.Snapshot()));
        // What a format-1 checkpoint carried over as one total, with its cost.
        Write(writer, _usageBefore);
        writer.Write(_costBefore);
        writer.Write(Cache?.Stored ?? 0);
        var uncounted = Cache?.Uncounted ?? [];
        writer.Write(uncounted.Count);
        foreach (int index in uncounted) writer.Write(index);
    }

    private void ReadUsage(BinaryReader reader)
    {
        int version = reader.ReadInt32();
        if (version is < 1 or > UsageFormat) throw new InvalidDataException($"The checkpoint has model-usage format {version}; this build reads 1 to {UsageFormat}.");
        var perClient = new LlmUsageSnapshot[Clients.Count];
        if (version >= 2)
        {
            int clients = reader.ReadInt32();
            if (clients != Clients.Count) throw new InvalidDataException($"The checkpoint holds the usage of {clients} model clients; this search has {Clients.Count}.");
            for (int i = 0; i < clients; i++) perClient[i] = ReadSnapshot(reader);
        }
        var total = ReadSnapshot(reader);
        double cost = reader.ReadDouble();
        if (!(cost >= 0) || double.IsInfinity(cost)) throw new InvalidDataException($"The checkpoint holds an impossible cost ({cost}).");
        // Format 1 did not record the cache: every answer in it counts as counted, as that format's runs did.
        int stored = Cache?.Stored ?? 0;
        int[] uncounted = [];
        if (version >= 2)
        {
            stored = reader.ReadInt32();
            if (stored < 0) throw new InvalidDataException($"The checkpoint holds a negative count of cached answers ({stored}).");
            uncounted = new int[reader.ReadCount("uncounted cached answers", sizeof(int))];
            for (int i = 0; i < uncounted.Length; i++)
            {
                uncounted[i] = reader.ReadInt32();
                if (uncounted[i] < 0 || uncounted[i] >= stored) throw new InvalidDataException($"The checkpoint marks cached answer {uncounted[i]} uncounted; it recorded {stored}.");
            }
        }
        _clientUsageBefore = perClient;
        _usageBefore = total;
        _costBefore = cost;
        CountCallsPaidSince(stored, uncounted);
    }

    private LlmUsageSnapshot Before(int client) => client < _clientUsageBefore.Length ? _clientUsageBefore[client] : default;

    private static LlmUsageSnapshot Add(LlmUsageSnapshot a, LlmUsageSnapshot b) => new(a.Calls + b.Calls, a.CacheHits + b.CacheHits,
        a.Retries + b.Retries, a.Failures + b.Failures, a.PromptTokens + b.PromptTokens, a.CompletionTokens + b.CompletionTokens);

    private static void Write(BinaryWriter writer, LlmUsageSnapshot u)
    {
        foreach (long value in (ReadOnlySpan<long>)[u.Calls, u.CacheHits, u.Retries, u.Failures, u.PromptTokens, u.CompletionTokens]) writer.Write(value);
    }

    private static LlmUsageSnapshot ReadSnapshot(BinaryReader reader)
    {
        Span<long> v = stackalloc long[6];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = reader.ReadInt64();
            if (v[i] < 0) throw new InvalidDataException($"The checkpoint holds a negative model-usage count ({v[i]}).");
        }
        return new LlmUsageSnapshot(v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    /// <summary>Usage summed over every client and the processes before this one, and its cost at the configured prices.</summary>
    public (LlmUsageSnapshot Usage, double Cost) Usage()
    {
        var total = _usageBefore;
        double cost = _costBefore;
        for (int i = 0; i < Clients.Count; i++)
        {
            var (client, options) = Clients[i];
            var u = Add(Before(i), client.Usage.Snapshot());
            total = Add(total, u);
            cost += options.CostOf(u);
        }
        return (total, cost);
    }

    public void Dispose()
    {
        foreach (var d in _owned) d.Dispose();
    }
}
