using System.Text.Json;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Llm.Client;
using QualityDiversity.Llm.Judging;
using QualityDiversity.Text.Domains;

namespace QualityDiversity.Experiments.Text;

/// <summary>
/// Reads text-search configurations: a root with "name", "seed" and a "text" section. Unknown
/// keys, wrong types and out-of-range values are errors that name the key.
/// </summary>
internal static class TextConfigParser
{
    public const string TextKey = "text";
    public const string OfflineMode = "offline";
    public const string LlmMode = "llm";
    public const string ChatProtocol = "chat";
    public const string QdaifProtocol = "qdaif";
    public const string ChatGeneration = "chat";
    public const string CompletionsGeneration = "completions";

    public static readonly string[] Variations = ["near", "uniform", "replace", "rewrite", "fixed_few_shot", "shuffled_few_shot", "random_search", "quality_only"];

    private static readonly string[] RootKeys = ["name", "seed", TextKey];
    private static readonly string[] TextKeys =
        ["domain", "topic", "seeds", "mode", "protocol", "generation", "variation", "steps", "batch_size", "init", "depth", "embedding_features", "checkpoint_every", "parquet", "llm", "judge_llm", "judge_mode", "anchor_temperature", "measures", "learned"];
    private static readonly string[] LearnedKeys = ["dims", "judgments", "updates", "bins", "judge", "aspect", "label_noise", "hidden"];
    private static readonly string[] InitKeys = ["max_steps", "min_cells", "zero_shot", "examples"];
    private static readonly string[] LlmKeys =
        ["endpoint", "model", "api_key_env", "temperature", "max_tokens", "max_concurrency", "timeout_seconds", "max_retries", "initial_backoff_seconds", "max_backoff_seconds", "logprobs", "top_logprobs", "max_tokens_field", "echo_max_tokens", "prompt_price_per_million", "completion_price_per_million"];

    /// <summary>Whether <paramref name="json"/> describes a text search (its root has a "text" section).</summary>
    public static bool IsTextConfig(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(TextKey, out _);
        }
        catch (JsonException)
        {
            return false; // the regular parser reports the syntax error with its position
        }
    }

    /// <summary>Whether the file at <paramref name="path"/> is a text-search configuration.</summary>
    /// <exception cref="ConfigException">It is larger than a configuration may be (or a device that never ends, such as /dev/zero), or unreadable.</exception>
    public static bool IsTextConfigFile(string? path) =>
        path is not null && File.Exists(path) && IsTextConfig(ConfigLoader.ReadFile(path));

    /// <summary>Parses a text configuration.</summary>
    /// <exception cref="ConfigException">The configuration is invalid; the message names the key.</exception>
    public static TextRunConfig Parse(string json, string source, string defaultName)
    {
        using (var document = ConfigParser.ParseDocument(json, source))
        {
            var root = new JsonSection(document.RootElement, string.Empty);
            root.CheckKeys(RootKeys);
            string name = ConfigParser.RunName(root, defaultName);
            var text = root.RequiredSection(TextKey);
            text.CheckKeys(TextKeys);

            string domain = text.RequiredString("domain");
            if (!QdaifDomains.Names.Contains(domain))
                throw new ConfigException(text.Child("domain"), $"unknown domain '{domain}'. Known domains: {string.Join(", ", QdaifDomains.Names)}.");
            string mode = text.OptionalString("mode") ?? OfflineMode;
            if (mode != OfflineMode && mode != LlmMode)
                throw new ConfigException(text.Child("mode"), $"must be '{OfflineMode}' (embedding model, no endpoint) or '{LlmMode}' (QDAIF through an endpoint), got '{mode}'.");
            string protocol = text.OptionalString("protocol") ?? ChatProtocol;
            if (protocol != ChatProtocol && protocol != QdaifProtocol)
                throw new ConfigException(text.Child("protocol"), $"must be '{QdaifProtocol}' (QDAIF's reference protocol) or '{ChatProtocol}' (this project's variant for chat models), got '{protocol}'.");
            if (mode == OfflineMode && text.Has("protocol"))
                throw new ConfigException(text.Child("protocol"), "applies to mode 'llm' only; the offline mode is not QDAIF.");
            bool qdaif = protocol == QdaifProtocol;
            if (qdaif && !QdaifDomains.QdaifNames.Contains(domain))
                throw new ConfigException(text.Child("protocol"), $"'{QdaifProtocol}' covers QDAIF's domains ({string.Join(", ", QdaifDomains.QdaifNames)}); domain '{domain}' runs with protocol '{ChatProtocol}'.");
            string generation = text.OptionalString("generation") ?? (qdaif && domain != "poetry" ? CompletionsGeneration : ChatGeneration);
            if (generation != ChatGeneration && generation != CompletionsGeneration)
                throw new ConfigException(text.Child("generation"), $"must be '{CompletionsGeneration}' (raw text on a base model) or '{ChatGeneration}' (a chat model), got '{generation}'.");
            if (mode == OfflineMode && text.Has("generation"))
                throw new ConfigException(text.Child("generation"), "applies to mode 'llm' only.");
            string variation = text.OptionalString("variation") ?? "near";
            if (!Variations.Contains(variation))
                throw new ConfigException(text.Child("variation"), $"unknown variation '{variation}'. Known: {string.Join(", ", Variations)}.");
            if (variation == "rewrite" && mode == OfflineMode)
                throw new ConfigException(text.Child("variation"), "'rewrite' needs a language model; use mode 'llm' or another variation.");
            if (variation == "rewrite" && generation == CompletionsGeneration)
                throw new ConfigException(text.Child("generation"), "'rewrite' gives a chat model an instruction; use generation 'chat' with it.");

            IReadOnlyList<string>? seeds = null;
            if (text.Get("seeds") is { } seedArray)
            {
                var list = new List<string>();
                foreach (var (element, path) in JsonValues.Array(seedArray, text.Child("seeds")))
                {
                    string seed = JsonValues.String(element, path);
                    if (string.IsNullOrWhiteSpace(seed)) throw new ConfigException(path, "a seed text must not be empty.");
                    list.Add(seed);
                }
                seeds = list;
            }

            var init = text.OptionalSection("init");
            init?.CheckKeys(InitKeys);
            var llm = text.OptionalSection("llm") is { } llmSection ? ParseLlm(llmSection) : null;
            var judge = text.OptionalSection("judge_llm") is { } judgeSection ? ParseLlm(judgeSection) : null;
            if (mode == LlmMode && llm is null)
                throw new ConfigException(text.Child("llm"), "mode 'llm' needs an 'llm' section with at least 'endpoint' and 'model'.");
            string judgeMode = text.OptionalString("judge_mode") ?? "auto";
            var parsedJudgeMode = judgeMode switch
            {
                "auto" => JudgeMode.Auto,
                "logprobs" => JudgeMode.Logprobs,
                "verbal" => JudgeMode.Verbal,
                "option_logprobs" => JudgeMode.OptionLogprobs,
                _ => throw new ConfigException(text.Child("judge_mode"), $"must be auto, option_logprobs, logprobs or verbal, got '{judgeMode}'."),
            };
            if (parsedJudgeMode == JudgeMode.OptionLogprobs && generation != CompletionsGeneration)
                throw new ConfigException(text.Child("judge_mode"), "'option_logprobs' scores whole answers on the completions route; it needs generation 'completions'.");

            string measures = text.OptionalString("measures") ?? "judge";
            if (measures != "judge" && measures != "embedding" && measures != "learned")
                throw new ConfigException(text.Child("measures"), $"must be 'judge' (asked of the model), 'embedding' (the local embedding model) or 'learned' (QDHF: learned from similarity judgments), got '{measures}'.");
            var learned = measures == "learned" ? ParseLearned(text.OptionalSection("learned"), text.Child("learned"), mode) : null;
            if (learned is null && text.Has("learned"))
                throw new ConfigException(text.Child("learned"), "applies only with \"measures\": \"learned\".");
            if (measures == "judge" && mode == OfflineMode && text.Has("measures"))
                throw new ConfigException(text.Child("measures"), "the offline mode has no judge; its measures are always embedded.");

            var config = new TextRunConfig
            {
                Measures = measures,
                Learned = learned,
                Name = name,
                Seed = root.Long("seed", 0),
                Domain = domain,
                Topic = text.OptionalString("topic"),
                Seeds = seeds,
                Mode = mode,
                Protocol = protocol,
                Generation = generation,
                Variation = variation,
                Steps = text.Int("steps", 2000, min: 1),
                BatchSize = Limited(text.Int("batch_size", qdaif ? 1 : 16, min: 1), ConfigLimits.MaxBatchSize, text.Child("batch_size"), "texts per batch"),
                InitMaxSteps = init?.Int("max_steps", 50, min: 0) ?? 50,
                // The poetry reference initialises while its archive is empty; the others until 3 cells hold the few-shot examples.
                InitMinCells = init?.Int("min_cells", qdaif && domain == "poetry" ? 1 : 3, min: 0) ?? (qdaif && domain == "poetry" ? 1 : 3),
                ZeroShot = init?.Bool("zero_shot", false) ?? false,
                ZeroShotExamples = Limited(init?.Int("examples", 5, min: 1) ?? 5, ConfigLimits.MaxBatchSize, init?.Child("examples") ?? "text.init.examples", "zero-shot examples"),
                Depth = text.Int("depth", 100, min: 1),
                EmbeddingFeatures = text.Bool("embedding_features", false),
                AnchorTemperature = text.Double("anchor_temperature", 0.02),
                CheckpointEvery = text.Int("checkpoint_every", 1, min: 1),
                Parquet = text.Bool("parquet", true),
                Llm = llm,
                JudgeLlm = judge,
                JudgeMode = parsedJudgeMode,
            };
            if (!(config.AnchorTemperature > 0)) throw new ConfigException(text.Child("anchor_temperature"), $"must be positive, got {config.AnchorTemperature}.");
            if (config.ZeroShot && mode == OfflineMode)
                throw new ConfigException(text.Child("init.zero_shot"), "the offline mode recombines existing texts and cannot start zero-shot.");
            return config;
        }
    }

    private static LearnedMeasuresConfig ParseLearned(JsonSection? section, string path, string mode)
    {
        if (section is null) return new LearnedMeasuresConfig { Judge = mode == OfflineMode ? "simulated" : "llm" };
        section.CheckKeys(LearnedKeys);
        string judge = section.OptionalString("judge") ?? (mode == OfflineMode ? "simulated" : "llm");
        if (judge != "llm" && judge != "simulated")
            throw new ConfigException(section.Child("judge"), $"must be 'llm' (the judge model compares texts) or 'simulated' (the domain's embedded axes answer), got '{judge}'.");
        if (judge == "llm" && mode == OfflineMode)
            throw new ConfigException(section.Child("judge"), "the offline mode has no model to ask; use 'simulated'.");
        double noise = section.Double("label_noise", 0);
        if (!(noise >= 0 && noise < 0.5)) throw new ConfigException(section.Child("label_noise"), $"must be in [0, 0.5), got {noise}.");
        List<int>? updates = null;
        if (section.Get("updates") is { } array)
        {
            updates = [];
            foreach (var (element, itemPath) in JsonValues.Array(array, section.Child("updates"))) updates.Add(JsonValues.Int(element, itemPath, 0));
            if (updates.Count == 0 || updates[0] != 0) throw new ConfigException(section.Child("updates"), "must start with 0: the measures are learned before the seeds are evaluated.");
            for (int i = 1; i < updates.Count; i++)
                if (updates[i] <= updates[i - 1]) throw new ConfigException(section.Child("updates"), "must be strictly increasing.");
        }
        var hidden = new List<int>();
        if (section.Get("hidden") is { } layers)
            foreach (var (element, itemPath) in JsonValues.Array(layers, section.Child("hidden"))) hidden.Add(JsonValues.Int(element, itemPath, 1));
        ConfigLimits.Hidden(hidden, section.Child("hidden"));
        return new LearnedMeasuresConfig
        {
            Dims = section.Int("dims", 2, min: 1),
            Judgments = Limited(section.Int("judgments", 1000, min: 1), ConfigLimits.MaxJudgments, section.Child("judgments"), "judgments"),
            Updates = updates,
            Bins = section.Int("bins", 20, min: 1),
            Judge = judge,
            Aspect = section.OptionalString("aspect") ?? "",
            LabelNoise = noise,
            Hidden = hidden,
        };
    }

    private static LlmOptions ParseLlm(JsonSection section)
    {
        section.CheckKeys(LlmKeys);
        string endpoint = section.RequiredString("endpoint");
        if (!Uri.TryCreate(endpoint.EndsWith('/') ? endpoint : endpoint + "/", UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            throw new ConfigException(section.Child("endpoint"), $"must be an absolute http(s) URL such as http://localhost:11434/v1, got '{endpoint}'.");
        var options = new LlmOptions
        {
            Endpoint = uri,
            Model = section.RequiredString("model"),
            ApiKeyVariable = section.OptionalString("api_key_env"),
            Temperature = section.Double("temperature", 0.8),
            MaxTokens = section.Int("max_tokens", 100, min: 1),
            MaxConcurrency = section.Int("max_concurrency", 16, min: 1),
            Timeout = ConfigLimits.Seconds(section.Double("timeout_seconds", 60), section.Child("timeout_seconds")),
            MaxRetries = section.Int("max_retries", 5, min: 0),
            InitialBackoff = ConfigLimits.Seconds(section.Double("initial_backoff_seconds", 0.5), section.Child("initial_backoff_seconds"), zeroAllowed: true),
            MaxBackoff = ConfigLimits.Seconds(section.Double("max_backoff_seconds", 60), section.Child("max_backoff_seconds"), zeroAllowed: true),
            Logprobs = section.Bool("logprobs", true),
            TopLogprobs = section.Int("top_logprobs", 20, min: 1),
            EchoMaxTokens = section.Int("echo_max_tokens", 0, min: 0),
            PromptPricePerMillion = section.Double("prompt_price_per_million", 0),
            CompletionPricePerMillion = section.Double("completion_price_per_million", 0),
            MaxTokensField = (section.OptionalString("max_tokens_field") ?? "auto") switch
            {
                "auto" => MaxTokensField.Auto,
                "max_tokens" => MaxTokensField.MaxTokens,
                "max_completion_tokens" => MaxTokensField.MaxCompletionTokens,
                "both" => MaxTokensField.Both,
                var other => throw new ConfigException(section.Child("max_tokens_field"), $"must be auto, max_tokens, max_completion_tokens or both, got '{other}'."),
            },
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ConfigException(section.Path, e.Message);
        }
        return options;
    }

    private static int Limited(int value, int max, string path, string what)
    {
        ConfigLimits.AtMost(value, max, path, what);
        return value;
    }
}
