using QualityDiversity.Archives;
using QualityDiversity.Archives.Depth;
using QualityDiversity.Learning.Judges;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Learning.Measures.Torch;
using QualityDiversity.Llm.LearnedMeasures;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Output;
using QualityDiversity.Llm.Caching;
using QualityDiversity.Llm.Client;
using QualityDiversity.Llm.Judging;
using QualityDiversity.Llm.Prompts;
using QualityDiversity.Llm.Variation;
using QualityDiversity.Text.Domains;
using QualityDiversity.Text.Embeddings;
using QualityDiversity.Text.Genomes;
using QualityDiversity.Text.Offline;
using QualityDiversity.Text.Scoring;
using QualityDiversity.Text.Search;
using QualityDiversity.Text.Selection;

namespace QualityDiversity.Experiments.Text;

/// <summary>
/// Turns a <see cref="TextRunConfig"/> into a runnable <see cref="GenerativeSearch"/>: the
/// domain's archive with per-cell depth, the variation operators, and the evaluator — language
/// model judges behind a persistent answer cache in LLM mode, the local embedding model offline.
/// </summary>
internal static class TextSearchBuilder
{
    public const string CacheFileName = "llm-cache.jsonl";

    /// <summary>Builds the search for <paramref name="directory"/> (where the answer cache lives).</summary>
    /// <param name="config">The parsed configuration.</param>
    /// <param name="directory">The run directory.</param>
    /// <param name="transport">Replaces the HTTP transport under the retry handler (tests); null uses sockets.</param>
    /// <param name="readOnly">
    /// Builds the search only to read its state (figures): the answer cache is not opened, since
    /// opening repairs a torn last line by rewriting the file, which would take it away from a run
    /// still appending to it.
    /// </param>
    public static TextSearchSetup Build(TextRunConfig config, RunDirectory directory, HttpMessageHandler? transport = null, bool readOnly = false)
    {
        var domain = QdaifDomains.ByName(config.Domain, config.Topic);
        if (config.Seeds is not null) domain = domain with { Seeds = config.Seeds };
        try
        {
            domain.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ConfigException("text.domain", e.Message);
        }
        if (config.Variation == "rewrite" && (!domain.IsCategorical || domain.RewriteTemplate is null))
            throw new ConfigException("text.variation", $"'rewrite' needs a domain with label axes and a rewrite instruction (poetry); '{domain.Name}' has none.");
        if (!config.UsesLlm && domain.EvolvesPrompts)
            throw new ConfigException("text.mode", $"domain '{domain.Name}' evolves prompts, which a model must answer; use mode 'llm'.");
        if (!config.UsesLlm && domain.Seeds.Count == 0)
            throw new ConfigException("text.seeds", $"the offline mode recombines seed texts, and domain '{domain.Name}' with this topic has none; give 'seeds'.");

        var owned = new List<IDisposable>();
        bool embedMeasures = config.Measures == "embedding";
        // Cached: a text that comes back (a seed, a repeated child) is embedded once.
        ITextEmbedder? embedder = config.EmbeddingFeatures || embedMeasures || config.Learned is not null || !config.UsesLlm ? new CachingTextEmbedder(MiniLmEmbedder.Shared) : null;
        EmbeddingFeatures? features = config.EmbeddingFeatures ? new EmbeddingFeatures(embedder!) : null;
        int featureDim = features?.Dimension ?? 0;
        IArchive<TextGenome> archive = new CellDepthArchive<TextGenome>(TextArchives.Create(domain, featureDim), config.Depth, TextGenomeCodec.Instance);

        ITextVariation initial, variation;
        ITextEvaluator evaluator;
        var clients = new List<(ILlmClient, LlmOptions)>();
        LlmAnswerCache? cache = null;
        if (config.UsesLlm)
        {
            cache = readOnly ? LlmAnswerCache.InMemory() : LlmAnswerCache.Open(directory.File(CacheFileName));
            owned.Add(cache);
            var generator = Connect(config.Llm!, cache, transport, owned);
            clients.Add((generator, config.Llm!));
            var judge = config.JudgeLlm is null ? generator : Connect(config.JudgeLlm, cache, transport, owned);
            if (!ReferenceEquals(judge, generator)) clients.Add((judge, config.JudgeLlm!));

            IFewShotSelector initialSelector = config.ZeroShot || domain.Seeds.Count == 0 ? new ZeroShotSelector() : new SeedSelector(shuffle: true);
            initial = new LmxVariation(generator, initialSelector, domain.Header, domain.Temperature, domain.MaxTokens);
            variation = config.Variation == "rewrite"
                ? new RewriteVariation(generator, domain.Axes.Select(a => a.Labels).ToArray(), domain.RewriteTemplate!, domain.Temperature, domain.MaxTokens)
                : new LmxVariation(generator, Selector(config.Variation), domain.Header, domain.Temperature, domain.MaxTokens);
            var quality = QualityJudge(judge, domain, config.JudgeMode);
            var axes = domain.Axes.Select(a => embedMeasures
                ? (ITextScorer)new EmbeddingAxisScorer(embedder!, a, config.AnchorTemperature)
                : AxisJudge(judge, a, config.JudgeMode)).ToArray();
            evaluator = domain.EvolvesPrompts
                ? new PromptEvaluator(generator, domain.PromptTasks, quality, axes, domain.MaxTokens)
                : new ScoredTextEvaluator(quality, axes, features);
        }
        else
        {
            initial = new SentenceRecombination(new SeedSelector(shuffle: true));
            variation = new SentenceRecombination(Selector(config.Variation));
            evaluator = new EmbeddingTextEvaluator(embedder!, domain, keepFeatures: config.EmbeddingFeatures, temperature: config.AnchorTemperature);
        }

        LearnedTextMeasureSpace? space = null;
        if (config.Learned is { } learned)
        {
            // QDHF over texts: measures are a projection of the texts' embeddings learned from judgments.
            var judgeModel = clients.Count > 0 ? clients[^1].Item1 : null;
            space = LearnedSpace(config, learned, domain, embedder!, judgeModel, directory, owned);
            features ??= new EmbeddingFeatures(embedder!);
            var inner = config.UsesLlm ? InnerForLearned(evaluator, features) : new EmbeddingTextEvaluator(embedder!, domain, keepFeatures: true, temperature: config.AnchorTemperature);
            var current = space;
            evaluator = new ProjectedMeasureEvaluator(inner, learned.Dims, () => current.CurrentMap);
            archive = space.CreateArchive();
        }

        var settings = new GenerativeSearchSettings
        {
            Steps = config.Steps,
            BatchSize = config.BatchSize,
            Seed = config.Seed,
            InitMaxSteps = config.InitMaxSteps,
            InitMinCells = config.InitMinCells,
        };
        var search = new GenerativeSearch(archive, initial, variation, evaluator, domain.Seeds, settings, space);
        return new TextSearchSetup(config, domain, search, clients, cache, owned);
    }

    public const string JudgmentsFileName = "judgments.jsonl";

    private static LearnedTextMeasureSpace LearnedSpace(TextRunConfig config, LearnedMeasuresConfig learned, TextDomain domain, ITextEmbedder embedder,
        ILlmClient? judgeModel, RunDirectory directory, List<IDisposable> owned)
    {
        IJudge judge = learned.Judge == "llm"
            ? new LlmSimilarityJudge(judgeModel ?? throw new ConfigException("text.learned.judge", "'llm' needs an 'llm' section."), learned.Aspect, config.JudgeMode)
            : SimulatedJudge(domain, embedder, learned.LabelNoise, config);
        // Every answer is kept in judgments.jsonl: a resumed run replays them instead of asking again.
        var judgments = JudgmentSet.Open(directory.File(JudgmentsFileName));
        var replaying = new ReplayingJudge(judge, judgments) { OnNewAnswers = judgments.AddRange };
        var steps = learned.UpdatesFor(config.Steps);
        int perUpdate = Math.Max(1, learned.Judgments / steps.Count);
        var learner = new TripletProjectionLearner(new TripletProjectionOptions { Measures = learned.Dims, HiddenSizes = [.. learned.Hidden] });
        return new LearnedTextMeasureSpace(embedder, replaying, learner, learned.Dims, steps, perUpdate,
            bounds => new CellDepthArchive<TextGenome>(new GridArchive<TextGenome>(1, bounds.Select((b, k) => GridAxis.Uniform(learned.Bins, b.Lower, b.Upper, $"learned_{k}")).ToArray(),
                new ArchiveOptions<TextGenome> { Codec = TextGenomeCodec.Instance, FeatureDim = embedder.Dimension }), config.Depth, TextGenomeCodec.Instance));
    }

    // A judge that answers from the domain's own axes placed by the embedding model: a stand-in
    // for a person that lets the whole loop run offline and be checked against known measures.
    private static IJudge SimulatedJudge(TextDomain domain, ITextEmbedder embedder, double noise, TextRunConfig config)
    {
        var axes = domain.Axes.Select(a => new EmbeddingAxisScorer(embedder, a, config.AnchorTemperature)).ToArray();
        return new SimulatedJudge((item, measures) =>
        {
            var embedding = Array.ConvertAll(item.Features, x => (float)x);
            for (int k = 0; k < axes.Length; k++) measures[k] = axes[k].Score(embedding);
        }, axes.Length, noise, Randomness.RandomSource.ForStream(config.Seed, 7001), name: $"simulated:{domain.Name}");
    }

    // LLM mode with learned measures: the judge model still scores quality, but the axes it
    // would judge are replaced by the learned ones, so no measure questions are asked.
    private static ITextEvaluator InnerForLearned(ITextEvaluator evaluator, EmbeddingFeatures features) => evaluator switch
    {
        ScoredTextEvaluator scored => new ScoredTextEvaluator(scored.Quality, [], features),
        PromptEvaluator => throw new ConfigException("text.measures", "learned measures are not available for prompt evolution yet; use 'judge' or 'embedding'."),
        _ => evaluator,
    };

    private static ILlmClient Connect(LlmOptions options, LlmAnswerCache cache, HttpMessageHandler? transport, List<IDisposable> owned)
    {
        if (!string.IsNullOrEmpty(options.ApiKeyVariable) && options.ResolveApiKey() is null)
            throw new ConfigException("text.llm.api_key_env", $"the environment variable {options.ApiKeyVariable} that should hold the API key is not set.");
        var client = new SemanticKernelLlmClient(options, transport);
        owned.Add(client);
        return new CachingLlmClient(client, cache, options.Temperature, options.MaxTokens);
    }

    private static IFewShotSelector Selector(string variation) => variation switch
    {
        "near" => new NearEliteSelector(),
        "uniform" => new UniformEliteSelector(),
        "replace" => new ReplaceSelector(),
        "fixed_few_shot" => new SeedSelector(shuffle: false),
        "shuffled_few_shot" => new SeedSelector(shuffle: true),
        "random_search" => HistoryPoolSelector.RandomSearch(),
        "quality_only" => HistoryPoolSelector.QualityOnly(),
        _ => throw new ConfigException("text.variation", $"unknown variation '{variation}'."),
    };

    private static ITextScorer QualityJudge(ILlmClient judge, TextDomain domain, JudgeMode mode) => domain.Quality.Rating
        ? new RatingJudge(judge, domain.Quality.Question)
        : new BinaryQuestionJudge(judge, "quality", domain.Quality.Question, domain.Quality.FirstOption, domain.Quality.SecondOption, mode);

    private static ITextScorer AxisJudge(ILlmClient judge, TextAxis axis, JudgeMode mode) => axis.IsCategorical
        ? new CategoricalJudge(judge, axis.Name, axis.Question, axis.Labels)
        : new BinaryQuestionJudge(judge, axis.Name, axis.Question, axis.FirstOption!, axis.SecondOption!, mode);
}
