using QualityDiversity.Archives;
using QualityDiversity.Archives.Depth;
using QualityDiversity.Llm.Caching;
using QualityDiversity.Llm.Client;
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

    /// <summary>Usage summed over every client, and its cost at the configured prices.</summary>
    public (LlmUsageSnapshot Usage, double Cost) Usage()
    {
        long calls = 0, hits = 0, retries = 0, failures = 0, prompt = 0, completion = 0;
        double cost = 0;
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
