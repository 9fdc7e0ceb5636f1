using System.Text.Json;
using static QualityDiversity.Experiments.Configuration.ConfigKeys;

namespace QualityDiversity.Experiments.Configuration;

/// <summary>Parses one entry of <c>emitters</c>, dispatching on <c>type</c>.</summary>
internal static class EmitterConfigParser
{
    private static readonly string[] CommonKeys = [TypeKey, BatchSize, Count, X0, Bounds];
    private static readonly string[] InitialKeys = [Count, Low, High];

    private static readonly Dictionary<string, (string[] Keys, Func<JsonSection, EmitterConfig> Parse)> Types = new(StringComparer.Ordinal)
    {
        [GaussianEmitterConfig.TypeName] = ([Sigma, InitialSolutions], ParseGaussian),
        [IsoLineEmitterConfig.TypeName] = ([IsoSigma, LineSigma, InitialSolutions], ParseIsoLine),
        [EvolutionStrategyEmitterConfig.TypeName] = ([Es, Sigma0, RankerKey, SelectionRule, RestartRule], ParseEvolutionStrategy),
        [GradientArborescenceEmitterConfig.TypeName] = ([Es, Sigma0, Lr, GradOpt, NormalizeGrad, RankerKey, SelectionRule, RestartRule], ParseGradientArborescence),
        [GradientOperatorEmitterConfig.TypeName] = ([Sigma, SigmaG, LineSigma, MeasureGradients, NormalizeGrad, OperatorType, InitialSolutions], ParseGradientOperator),
    };

    /// <summary>
    /// Marks an evolution-strategy or gradient-arborescence emitter whose <c>batch_size</c> was
    /// not given: the resolver replaces it with the CMA-ES default population size of the
    /// dimension its strategy searches (the task's, or the measures plus one).
    /// </summary>
    public const int UnsetBatchSize = 0;

    /// <summary>The emitter type names accepted in <c>type</c>.</summary>
    public static IReadOnlyCollection<string> TypeNames => Types.Keys;

    /// <summary>Parses one emitter section.</summary>
    public static EmitterConfig Parse(JsonSection section)
    {
        string type = section.RequiredString(TypeKey);
        if (!Types.TryGetValue(type, out var entry))
            throw new ConfigException(section.Child(TypeKey), $"unknown emitter type '{type}'. Known types: {string.Join(", ", Types.Keys)}.");
        section.CheckKeys([.. CommonKeys, .. entry.Keys]);

        var config = entry.Parse(section);
        var initial = section.OptionalSection(InitialSolutions);
        int defaultBatch = config switch
        {
            EvolutionStrategyEmitterConfig or GradientArborescenceEmitterConfig => UnsetBatchSize,
            GradientOperatorEmitterConfig => GradientOperatorEmitterConfig.DefaultOperatorBatchSize,
            _ => EmitterConfig.DefaultBatchSize,
        };
        return config with
        {
            BatchSize = section.Int(BatchSize, defaultBatch, min: 1),
            Count = section.Int(Count, 1, min: 1),
            InitialSolutions = initial is null ? null : ParseInitial(initial),
            X0 = section.Get(X0) is { } x0 ? JsonValues.Doubles(x0, section.Child(X0)) : null,
            Bounds = section.Get(Bounds) is { } b ? ParseBounds(b, section.Child(Bounds)) : null,
        };
    }

    private static GaussianEmitterConfig ParseGaussian(JsonSection section)
    {
        string path = section.Child(Sigma);
        double[] sigma = JsonValues.NumberOrNumbers(section.Required(Sigma), path);
        for (int i = 0; i < sigma.Length; i++)
        {
            if (sigma[i] < 0)
                throw new ConfigException(sigma.Length == 1 && section.Required(Sigma).ValueKind == JsonValueKind.Number ? path : $"{path}[{i}]",
                    $"must be non-negative, got {sigma[i]}.");
        }
        return new GaussianEmitterConfig { Sigma = sigma };
    }

    private static IsoLineEmitterConfig ParseIsoLine(JsonSection section)
    {
        double iso = section.Double(IsoSigma, IsoLineEmitterConfig.DefaultIsoSigma);
        if (iso < 0) throw new ConfigException(section.Child(IsoSigma), $"must be non-negative, got {iso}.");
        double line = section.Double(LineSigma, IsoLineEmitterConfig.DefaultLineSigma);
        if (line < 0) throw new ConfigException(section.Child(LineSigma), $"must be non-negative, got {line}.");
        return new IsoLineEmitterConfig { IsoSigma = iso, LineSigma = line };
    }

    private static EvolutionStrategyEmitterConfig ParseEvolutionStrategy(JsonSection section)
    {
        string es = OneOf(section, Es, EvolutionStrategyEmitterConfig.CmaEs, EvolutionStrategyEmitterConfig.EsNames, "evolution strategy");
        double sigma0 = section.RequiredDouble(Sigma0);
        if (!(sigma0 > 0)) throw new ConfigException(section.Child(Sigma0), $"must be positive, got {sigma0}.");
        string ranker = OneOf(section, RankerKey, EvolutionStrategyEmitterConfig.DefaultRanker, QualityDiversity.Rankers.Ranker.KnownNames, "ranker");
        string selection = OneOf(section, SelectionRule, EvolutionStrategyEmitterConfig.FilterSelection, EvolutionStrategyEmitterConfig.SelectionRules, "selection rule");
        return new EvolutionStrategyEmitterConfig
        {
            Es = es,
            Sigma0 = sigma0,
            Ranker = ranker,
            SelectionRule = selection,
            RestartRule = ParseRestartRule(section),
        };
    }

    private static GradientArborescenceEmitterConfig ParseGradientArborescence(JsonSection section)
    {
        string es = OneOf(section, Es, EvolutionStrategyEmitterConfig.CmaEs, EvolutionStrategyEmitterConfig.EsNames, "evolution strategy");
        double sigma0 = section.RequiredDouble(Sigma0);
        if (!(sigma0 > 0)) throw new ConfigException(section.Child(Sigma0), $"must be positive, got {sigma0}.");
        double lr = section.RequiredDouble(Lr);
        if (!(lr > 0)) throw new ConfigException(section.Child(Lr), $"must be positive, got {lr}.");
        return new GradientArborescenceEmitterConfig
        {
            Es = es,
            Sigma0 = sigma0,
            Lr = lr,
            GradOpt = OneOf(section, GradOpt, GradientArborescenceEmitterConfig.Adam, GradientArborescenceEmitterConfig.GradOptNames, "gradient optimizer"),
            NormalizeGrad = section.Bool(NormalizeGrad, true),
            Ranker = OneOf(section, RankerKey, EvolutionStrategyEmitterConfig.DefaultRanker, QualityDiversity.Rankers.Ranker.KnownNames, "ranker"),
            SelectionRule = OneOf(section, SelectionRule, EvolutionStrategyEmitterConfig.FilterSelection, EvolutionStrategyEmitterConfig.SelectionRules, "selection rule"),
            RestartRule = ParseRestartRule(section),
        };
    }

    private static GradientOperatorEmitterConfig ParseGradientOperator(JsonSection section)
    {
        double sigma = section.RequiredDouble(Sigma);
        if (!(sigma >= 0)) throw new ConfigException(section.Child(Sigma), $"must be non-negative, got {sigma}.");
        double sigmaG = section.RequiredDouble(SigmaG);
        if (!(sigmaG >= 0)) throw new ConfigException(section.Child(SigmaG), $"must be non-negative, got {sigmaG}.");
        double line = section.Double(LineSigma, 0.0);
        if (!(line >= 0)) throw new ConfigException(section.Child(LineSigma), $"must be non-negative, got {line}.");
        return new GradientOperatorEmitterConfig
        {
            Sigma = sigma,
            SigmaG = sigmaG,
            LineSigma = line,
            MeasureGradients = section.Bool(MeasureGradients, false),
            NormalizeGrad = section.Bool(NormalizeGrad, false),
            OperatorType = OneOf(section, OperatorType, GradientOperatorEmitterConfig.Isotropic, GradientOperatorEmitterConfig.OperatorTypes, "operator type"),
        };
    }

    // restart_rule: "no_improvement", "basic", or a positive integer N (restart every N iterations).
    private static RestartRuleConfig ParseRestartRule(JsonSection section)
    {
        if (section.Get(RestartRule) is not { } element) return RestartRuleConfig.NoImprovement;
        string path = section.Child(RestartRule);
        const string expected = "\"no_improvement\", \"basic\" or a positive integer (restart every N iterations)";
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                if (!element.TryGetInt32(out int n)) throw new ConfigException(path, $"expected {expected}, got {JsonValues.Describe(element)}.");
                if (n < 1) throw new ConfigException(path, $"a restart period must be at least 1, got {n}.");
                return RestartRuleConfig.Every(n);
            case JsonValueKind.String:
                string name = element.GetString()!;
                if (name == RestartRuleConfig.NoImprovement.Name) return RestartRuleConfig.NoImprovement;
                if (name == RestartRuleConfig.Basic.Name) return RestartRuleConfig.Basic;
                throw new ConfigException(path, $"unknown restart rule '{name}'; expected {expected}.");
            default:
                throw new ConfigException(path, $"expected {expected}, got {JsonValues.Describe(element)}.");
        }
    }

    /// <summary>An optional string key that must be one of <paramref name="allowed"/> (case-sensitive).</summary>
    public static string OneOf(JsonSection section, string key, string fallback, IReadOnlyCollection<string> allowed, string what)
    {
        string? value = section.OptionalString(key);
        if (value is null) return fallback;
        if (allowed.Contains(value)) return value;
        throw new ConfigException(section.Child(key), $"unknown {what} '{value}'. Known values: {string.Join(", ", allowed)}.");
    }

    /// <summary>Parses an initial-solutions section (<c>count</c>, <c>low</c>, <c>high</c>).</summary>
    public static InitialSolutionsConfig ParseInitial(JsonSection section)
    {
        section.CheckKeys(InitialKeys);
        double[]? low = section.Get(Low) is { } l ? JsonValues.NumberOrNumbers(l, section.Child(Low)) : null;
        double[]? high = section.Get(High) is { } h ? JsonValues.NumberOrNumbers(h, section.Child(High)) : null;
        return new InitialSolutionsConfig { Count = section.RequiredInt(Count, min: 1), Low = low, High = high };
    }

    // bounds: [low, high] for every dimension, or [[low_0, high_0], [low_1, high_1], ...];
    // null stands for an open side.
    private static BoundsConfig ParseBounds(JsonElement element, string path)
    {
        var items = JsonValues.Array(element, path).ToArray();
        if (items.Length == 0) throw new ConfigException(path, "expected [low, high] or one [low, high] pair per dimension.");
        bool perDimension = items.All(x => x.Element.ValueKind == JsonValueKind.Array);
        if (!perDimension)
        {
            if (items.Length != 2 || items.Any(x => x.Element.ValueKind == JsonValueKind.Array))
                throw new ConfigException(path, "expected [low, high] or one [low, high] pair per dimension.");
            double low = JsonValues.DoubleOrInfinity(items[0].Element, items[0].Path, double.NegativeInfinity);
            double high = JsonValues.DoubleOrInfinity(items[1].Element, items[1].Path, double.PositiveInfinity);
            if (low > high) throw new ConfigException(path, $"low ({low}) must not exceed high ({high}).");
            return new BoundsConfig([low], [high]);
        }
        var lows = new double[items.Length];
        var highs = new double[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            var pair = JsonValues.Array(items[i].Element, items[i].Path).ToArray();
            if (pair.Length != 2) throw new ConfigException(items[i].Path, $"expected [low, high], got {pair.Length} values.");
            lows[i] = JsonValues.DoubleOrInfinity(pair[0].Element, pair[0].Path, double.NegativeInfinity);
            highs[i] = JsonValues.DoubleOrInfinity(pair[1].Element, pair[1].Path, double.PositiveInfinity);
            if (lows[i] > highs[i]) throw new ConfigException(items[i].Path, $"low ({lows[i]}) must not exceed high ({highs[i]}).");
        }
        return new BoundsConfig(lows, highs);
    }
}
