using QualityDiversity.Llm.Client;
using QualityDiversity.Llm.Judging;
using QualityDiversity.Llm.Variation;
using QualityDiversity.Text.Domains;
using QualityDiversity.Text.Scoring;
using QualityDiversity.Text.Search;
using QualityDiversity.Text.Selection;

namespace QualityDiversity.Llm.Protocols;

/// <summary>
/// Builds the operators, judges and schedule of a language-model text search for a domain under
/// a protocol. <see cref="TextProtocol.Qdaif"/> reproduces QDAIF's reference: initialisation
/// prompts drawn from a prompt pool (the seeds, or texts generated zero-shot, retried until not
/// empty), at least <see cref="TextSearchRecipeOptions.InitMaxSteps"/> initialisation steps and
/// more while fewer than <see cref="TextSearchRecipeOptions.InitMinCells"/> cells are filled,
/// seeds kept out of the archive, the reference's prompt layout and 17 stop sequences, the
/// reference's questions with whole answer strings scored, LMX-Replace over the reference's
/// first-in-first-out pool, and for poetry the reference's rewrite and JSON judges.
/// <see cref="TextProtocol.Chat"/> is this project's variant for chat models.
/// </summary>
public static class TextSearchRecipe
{
    /// <summary>How many times an empty initialisation text is asked for again (the reference asks until it is not empty).</summary>
    public const int ReferenceEmptyRetries = 9;

    /// <summary>Builds the parts.</summary>
    /// <param name="domain">The domain, worded for the protocol.</param>
    /// <param name="generator">The generating model.</param>
    /// <param name="judge">The judging model (may be the generator).</param>
    /// <param name="options">Protocol, route, variation, judging and schedule.</param>
    /// <exception cref="ArgumentException">The combination is not possible; the message says why.</exception>
    public static TextSearchParts Build(TextDomain domain, ILlmClient generator, ILlmClient judge, TextSearchRecipeOptions options)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(judge);
        ArgumentNullException.ThrowIfNull(options);
        bool qdaif = options.Protocol == TextProtocol.Qdaif;
        if (qdaif && domain.Protocol != TextProtocol.Qdaif)
            throw new ArgumentException($"Domain '{domain.Name}' is worded for the chat protocol; build it with QdaifDomains.ByName(…, TextProtocol.Qdaif).", nameof(domain));
        if (options.Variation == "rewrite" && (!domain.IsCategorical || domain.RewriteTemplate is null))
            throw new ArgumentException($"'rewrite' needs a domain with label axes and a rewrite instruction (poetry); '{domain.Name}' has none.", nameof(options));
        if (options.Variation == "rewrite" && options.Generation != LlmApi.Chat)
            throw new ArgumentException("'rewrite' gives a chat model an instruction; it needs the chat route.", nameof(options));

        bool zeroShot = options.ZeroShot || domain.Seeds.Count == 0;
        var (initial, variation) = qdaif ? QdaifOperators(domain, generator, options, zeroShot) : ChatOperators(domain, generator, options, zeroShot);

        var binary = new BinaryJudgeOptions
        {
            Mode = options.JudgeMode,
            TopLogprobs = options.TopLogprobs,
            Api = options.Generation,
            Style = qdaif ? JudgeStyle.Reference : JudgeStyle.Chat,
        };
        var json = new JsonJudgeOptions
        {
            Style = qdaif ? JudgeStyle.Reference : JudgeStyle.Chat,
            Temperature = domain.JudgeSamplesLikeGeneration ? domain.Temperature : 0,
            TopP = domain.JudgeSamplesLikeGeneration ? domain.TopP : null,
            MaxTokens = domain.JudgeSamplesLikeGeneration ? domain.MaxTokens : 20,
        };
        ITextScorer quality = domain.Quality.Rating
            ? new RatingJudge(judge, domain.Quality.Question, "quality", domain.Quality.JsonKey, json)
            : new BinaryQuestionJudge(judge, "quality", domain.Quality.Question, domain.Quality.FirstOption, domain.Quality.SecondOption, binary);

        ITextMultiScorer? joint = null;
        IReadOnlyList<ITextScorer> axes = [];
        if (qdaif && domain.IsCategorical)
            joint = new JointLabelJudge(judge, domain.Axes.Select(a => (a.Name, a.Question, a.Labels)).ToArray(), json);
        else
            axes = domain.Axes.Select(a => a.IsCategorical
                ? (ITextScorer)new CategoricalJudge(judge, a.Name, a.Question, a.Labels)
                : new BinaryQuestionJudge(judge, a.Name, a.Question, a.FirstOption!, a.SecondOption!, binary)).ToArray();

        var settings = new GenerativeSearchSettings
        {
            Steps = options.Steps,
            BatchSize = options.BatchSize,
            Seed = options.Seed,
            InitMaxSteps = options.InitMaxSteps,
            InitMinCells = options.InitMinCells,
            InitRule = qdaif ? InitialisationRule.StepsThenCells : InitialisationRule.CellsOrSteps,
            SeedsInArchive = !qdaif,
            ZeroShotExamples = qdaif && zeroShot && domain.InitialRewriteTemplate is null ? options.ZeroShotExamples : 0,
        };
        return new TextSearchParts
        {
            Initial = initial,
            Variation = variation,
            Quality = quality,
            AxisJudges = axes,
            JointJudge = joint,
            Settings = settings,
            // A qdaif run started zero-shot does not use the seeds at all.
            Seeds = qdaif && zeroShot ? [] : domain.Seeds,
        };
    }

    // This project's chat variant: seeds (shuffled) or zero-shot prompts while initialising, the
    // chat layout, stops at the separator.
    private static (ITextVariation, ITextVariation) ChatOperators(TextDomain domain, ILlmClient generator, TextSearchRecipeOptions options, bool zeroShot)
    {
        var lmx = new LmxOptions { Api = options.Generation };
        IFewShotSelector initialSelector = zeroShot ? new ZeroShotSelector() : new SeedSelector(shuffle: true);
        var initial = new LmxVariation(generator, initialSelector, domain.Header, lmx, domain.Temperature, domain.MaxTokens);
        ITextVariation variation = options.Variation == "rewrite"
            ? new RewriteVariation(generator, domain.Axes.Select(a => a.Labels).ToArray(), domain.RewriteTemplate!, domain.Temperature, domain.MaxTokens)
            : new LmxVariation(generator, FewShotSelectors.ByName(options.Variation), domain.Header, lmx, domain.Temperature, domain.MaxTokens);
        return (initial, variation);
    }

    // QDAIF's reference operators.
    private static (ITextVariation, ITextVariation) QdaifOperators(TextDomain domain, ILlmClient generator, TextSearchRecipeOptions options, bool zeroShot)
    {
        var labels = domain.Axes.Select(a => a.Labels).ToArray();
        var lineages = new FewShotLineages();
        // The reference refills its pool only after "step > initialisation steps", counting from 0.
        var pool = new QdaifPromptPool(refillFromStep: options.InitMaxSteps + 2);
        bool replace = options.Variation == "replace";
        ITextVariation initial;
        if (domain.InitialRewriteTemplate is { } start)
        {
            if (zeroShot)
                throw new ArgumentException($"Domain '{domain.Name}' under the qdaif protocol starts by rewriting its seed text; give a seed and do not start zero-shot.", nameof(options));
            initial = new RewriteVariation(generator, labels, start, RewriteOptions.Reference(fromPromptExamples: true), domain.Temperature, domain.MaxTokens);
        }
        else
        {
            initial = new LmxVariation(generator, new PoolSampleSelector(pool, lineages: replace ? lineages : null), domain.Header,
                LmxOptions.Reference(options.Generation, ReferenceEmptyRetries), domain.Temperature, domain.MaxTokens);
        }
        ITextVariation variation = options.Variation switch
        {
            "rewrite" => new RewriteVariation(generator, labels, domain.RewriteTemplate!, RewriteOptions.Reference(), domain.Temperature, domain.MaxTokens),
            "replace" => new LmxVariation(generator, new ReplaceSelector(pool, lineages: lineages), domain.Header, LmxOptions.Reference(options.Generation), domain.Temperature, domain.MaxTokens),
            var name => new LmxVariation(generator, FewShotSelectors.ByName(name), domain.Header, LmxOptions.Reference(options.Generation), domain.Temperature, domain.MaxTokens),
        };
        return (initial, variation);
    }
}
