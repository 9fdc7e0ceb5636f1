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
using QualityDiversity.Llm.Protocols;
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
        bool qdaif = config.UsesLlm && config.Protocol == TextConfigParser.QdaifProtocol;
        TextDomain domain;
        try
        {
            domain = QdaifDomains.ByName(config.Domain, config.Topic, qdaif ? TextProtocol.Qdaif : TextProtocol.Chat);
        }
        catch (ArgumentException e)
        {
            throw new ConfigException("text.protocol", e.Message);
        }
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
        GenerativeSearchSettings settings;
        IReadOnlyList<string> seeds;
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

            if (qdaif && domain.InitialRewriteTemplate is not null && (config.ZeroShot || domain.Seeds.Count == 0))
                throw new ConfigException("text.init.zero_shot", $"domain '{domain.Name}' under protocol 'qdaif' starts by rewriting its seed text; give 'seeds' and leave zero_shot off.");
            var judgeOptions = config.JudgeLlm ?? config.Llm!;
            TextSearchParts parts;
            try
            {
                parts = TextSearchRecipe.Build(domain, generator, judge, new TextSearchRecipeOptions
                {
                    Protocol = qdaif ? TextProtocol.Qdaif : TextProtocol.Chat,
                    Generation = config.Generation == TextConfigParser.CompletionsGeneration ? LlmApi.Completions : LlmApi.Chat,
                    Variation = config.Variation,
                    // An endpoint configured without log-probabilities is asked verbally.
                    JudgeMode = judgeOptions.Logprobs ? config.JudgeMode : JudgeMode.Verbal,
                    TopLogprobs = judgeOptions.TopLogprobs,
                    ZeroShot = config.ZeroShot,
                    ZeroShotExamples = config.ZeroShotExamples,
                    Steps = config.Steps,
                    BatchSize = config.BatchSize,
                    Seed = config.Seed,
                    InitMaxSteps = config.InitMaxSteps,
                    InitMinCells = config.InitMinCells,
                });
            }
            catch (ArgumentException e)
            {
                throw new ConfigException("text", e.Message);
            }
            (initial, variation, settings, seeds) = (parts.Initial, parts.Variation, parts.Settings, parts.Seeds);
            if (embedMeasures)
                evaluator = new ScoredTextEvaluator(parts.Quality, domain.Axes.Select(a => (ITextScorer)new EmbeddingAxisScorer(embedder!, a, config.AnchorTemperature)).ToArray(), features);
            else if (domain.EvolvesPrompts)
                evaluator = new PromptEvaluator(generator, domain.PromptTasks, parts.Quality, parts.AxisJudges, domain.MaxTokens);
            else
                evaluator = new ScoredTextEvaluator(parts.Quality, parts.MeasureJudges, features);
        }
        else
        {
            initial = new SentenceRecombination(new SeedSelector(shuffle: true));
            variation = new SentenceRecombination(Selector(config.Variation));
            evaluator = new EmbeddingTextEvaluator(embedder!, domain, keepFeatures: config.EmbeddingFeatures, temperature: config.AnchorTemperature);
            settings = new GenerativeSearchSettings
            {
                Steps = config.Steps,
                BatchSize = config.BatchSize,
                Seed = config.Seed,
                InitMaxSteps = config.InitMaxSteps,
                InitMinCells = config.InitMinCells,
            };
            seeds = domain.Seeds;
        }

        LearnedTextMeasureSpace? space = null;
        JudgmentSet? judgments = null;
        if (config.Learned is { } learned)
        {
            // QDHF over texts: measures are a projection of the texts' embeddings learned from judgments.
            var judgeModel = clients.Count > 0 ? clients[^1].Item1 : null;
            space = LearnedSpace(config, learned, domain, embedder!, judgeModel, directory, owned, out judgments);
            features ??= new EmbeddingFeatures(embedder!);
            var inner = config.UsesLlm ? InnerForLearned(evaluator, features) : new EmbeddingTextEvaluator(embedder!, domain, keepFeatures: true, temperature: config.AnchorTemperature);
            var current = space;
            evaluator = new ProjectedMeasureEvaluator(inner, learned.Dims, () => current.CurrentMap);
            archive = space.CreateArchive();
        }

        var search = new GenerativeSearch(archive, initial, variation, evaluator, seeds, settings, space);
        return new TextSearchSetup(config, domain, search, clients, cache, owned) { Judgments = judgments };
    }

    public const string JudgmentsFileName = "judgments.jsonl";

    private static LearnedTextMeasureSpace LearnedSpace(TextRunConfig config, LearnedMeasuresConfig learned, TextDomain domain, ITextEmbedder embedder,
        ILlmClient? judgeModel, RunDirectory directory, List<IDisposable> owned, out JudgmentSet judgments)
    {
        IJudge judge = learned.Judge == "llm"
            ? new LlmSimilarityJudge(judgeModel ?? throw new ConfigException("text.learned.judge", "'llm' needs an 'llm' section."), learned.Aspect,
                // Similarity questions go to the chat route, where whole options cannot be scored.
                config.JudgeMode == JudgeMode.OptionLogprobs ? JudgeMode.Logprobs : config.JudgeMode)
            : SimulatedJudge(domain, embedder, learned.LabelNoise, config);
        // Every answer is kept in judgments.jsonl: a resumed run replays them instead of asking again.
        judgments = JudgmentSet.Open(directory.File(JudgmentsFileName));
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
        ScoredTextEvaluator scored => new ScoredTextEvaluator(scored.Quality, Array.Empty<ITextScorer>(), features),
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

    private static IFewShotSelector Selector(string variation)
    {
        try
        {
            return FewShotSelectors.ByName(variation);
        }
        catch (ArgumentException e)
        {
            throw new ConfigException("text.variation", e.Message);
        }
    }
}
