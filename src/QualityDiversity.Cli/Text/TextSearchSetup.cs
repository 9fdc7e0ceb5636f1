using QualityDiversity.Archives;
using QualityDiversity.Archives.Depth;
using QualityDiversity.Llm.Caching;
using QualityDiversity.Llm.Client;
using QualityDiversity.Text.Domains;
using QualityDiversity.Text.Genomes;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Cli.Text;

/// <summary>A built text search and what its session needs besides the search itself.</summary>
internal sealed class TextSearchSetup : IDisposable
{
    private readonly List<IDisposable> _owned;

    public TextSearchSetup(TextRunConfig config, TextDomain domain, GenerativeSearch search, CellDepthArchive<TextGenome> archive,
        IReadOnlyList<(ILlmClient Client, LlmOptions Options)> clients, LlmAnswerCache? cache, List<IDisposable> owned)
    {
        Config = config;
        Domain = domain;
        Search = search;
        Archive = archive;
        Clients = clients;
        Cache = cache;
        _owned = owned;
    }

    public TextRunConfig Config { get; }

    public TextDomain Domain { get; }

    public GenerativeSearch Search { get; }

    /// <summary>The archive with its per-cell depth.</summary>
    public CellDepthArchive<TextGenome> Archive { get; }

    /// <summary>The cell archive that decides cells and scores.</summary>
    public CellArchive<TextGenome> Cells => Archive.Inner;

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
