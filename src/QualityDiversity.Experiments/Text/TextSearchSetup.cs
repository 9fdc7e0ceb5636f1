using QualityDiversity.Archives;
using QualityDiversity.Archives.Depth;
using QualityDiversity.Llm.Caching;
using QualityDiversity.Llm.Client;
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

    // Usage and cost of the processes before this one, as of the checkpoint this one resumed from.
    private LlmUsageSnapshot _usageBefore;
    private double _costBefore;

    /// <summary>Writes the checkpoint: the search, and the model usage so far so that totals carry over a resume.</summary>
    public void SaveCheckpoint(string path) => CheckpointFile.Write(path,
    [
        new CheckpointSection(GenerativeSearch.CheckpointSectionName, Search.WriteState),
        new CheckpointSection(UsageSection, WriteUsage),
    ]);

    /// <summary>Restores a checkpoint written by <see cref="SaveCheckpoint"/> (or by the search alone).</summary>
    /// <exception cref="InvalidDataException">It is damaged or does not fit this search.</exception>
    public void LoadCheckpoint(string path)
    {
        using var contents = CheckpointFile.Open(path);
        LoadCheckpoint(contents);
    }

    /// <summary>Restores an open checkpoint (verified, or of the earlier unframed layout, which holds the search alone).</summary>
    /// <exception cref="InvalidDataException">It does not fit this search.</exception>
    public void LoadCheckpoint(CheckpointContents contents)
    {
        contents.Read(GenerativeSearch.CheckpointSectionName, Search.ReadState);
        if (contents.Contains(UsageSection)) contents.Read(UsageSection, ReadUsage);
    }

    private void WriteUsage(BinaryWriter writer)
    {
        var (u, cost) = Usage();
        writer.Write(1);
        foreach (long value in (ReadOnlySpan<long>)[u.Calls, u.CacheHits, u.Retries, u.Failures, u.PromptTokens, u.CompletionTokens]) writer.Write(value);
        writer.Write(cost);
    }

    private void ReadUsage(BinaryReader reader)
    {
        int version = reader.ReadInt32();
        if (version != 1) throw new InvalidDataException($"The checkpoint has model-usage format {version}; this build reads 1.");
        Span<long> v = stackalloc long[6];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = reader.ReadInt64();
            if (v[i] < 0) throw new InvalidDataException($"The checkpoint holds a negative model-usage count ({v[i]}).");
        }
        double cost = reader.ReadDouble();
        if (!(cost >= 0) || double.IsInfinity(cost)) throw new InvalidDataException($"The checkpoint holds an impossible cost ({cost}).");
        _usageBefore = new LlmUsageSnapshot(v[0], v[1], v[2], v[3], v[4], v[5]);
        _costBefore = cost;
    }

    /// <summary>Usage summed over every client and the processes before this one, and its cost at the configured prices.</summary>
    public (LlmUsageSnapshot Usage, double Cost) Usage()
    {
        var b = _usageBefore;
        long calls = b.Calls, hits = b.CacheHits, retries = b.Retries, failures = b.Failures, prompt = b.PromptTokens, completion = b.CompletionTokens;
        double cost = _costBefore;
        foreach (var (client, options) in Clients)
        {
            var u = client.Usage.Snapshot();
            calls += u.Calls; hits += u.CacheHits; retries += u.Retries; failures += u.Failures; prompt += u.PromptTokens; completion += u.CompletionTokens;
            cost += options.CostOf(u);
        }
        return (new LlmUsageSnapshot(calls, hits, retries, failures, prompt, completion), cost);
    }

    public void Dispose()
    {
        foreach (var d in _owned) d.Dispose();
    }
}
