using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Domains;

namespace QualityDiversity.Experiments.Algorithms;

/// <summary>
/// Named algorithm configurations with the standard settings of the CMA-MAE paper (Fontaine and
/// Nikolaidis 2023) as pyribs' sphere example gives them: a 100 x 100 grid over the task's
/// measure ranges, 540 candidates per iteration (one emitter of 540, or 15 emitters of 36),
/// solutions starting from <c>x0</c> = 0 without bounds, 10,000 iterations. Each name builds an
/// ordinary <see cref="SearchConfig"/>, which is resolved, written and run like a JSON file.
/// </summary>
/// <remarks>
/// The gradient algorithms (Fontaine and Nikolaidis 2021; CMA-MAEGA from 2023) split the 540 as
/// pyribs' example does: an operator emitter evaluates 270 perturbed elites with gradients and
/// 270 gradient steps from them; each of 15 arborescence emitters evaluates its solution point
/// with gradients and 35 branches. They need a task with gradients (the LP tasks and the arm).
/// </remarks>
internal static class AlgorithmCatalog
{
    /// <summary>Default solution dimension.</summary>
    public const int DefaultDim = 100;

    /// <summary>Default number of iterations.</summary>
    public const int DefaultIterations = 10_000;

    /// <summary>Bins per measure axis of the standard grid.</summary>
    public const int GridBins = 100;

    /// <summary>Candidates per iteration of every standard algorithm.</summary>
    public const int CandidatesPerIteration = 540;

    /// <summary>Number of evolution-strategy emitters of the CMA variants.</summary>
    public const int EsEmitters = 15;

    /// <summary>Batch size of each evolution-strategy emitter (15 x 36 = 540).</summary>
    public const int EsBatch = 36;

    private const double Sigma = 0.5;

    /// <summary>Batch of the gradient-operator emitters: half of each iteration's 540 are the gradient points.</summary>
    public const int OperatorBatch = CandidatesPerIteration / 2;

    /// <summary>Batch of each gradient-arborescence emitter: with its solution point, 36 per emitter.</summary>
    public const int ArborescenceBatch = EsBatch - 1;

    private sealed record Entry(string Name, string Summary, Func<SearchConfig, SearchConfig> Build);

    private static readonly Entry[] Entries =
    [
        new("map-elites", "MAP-Elites: one Gaussian emitter, sigma 0.5, 540 per iteration",
            c => c with { Emitters = [new GaussianEmitterConfig { Sigma = [Sigma], BatchSize = CandidatesPerIteration }] }),
        new("map-elites-line", "MAP-Elites (line): one Iso+LineDD emitter, iso_sigma 0.5, line_sigma 0.2, 540 per iteration",
            c => c with { Emitters = [new IsoLineEmitterConfig { IsoSigma = 0.5, LineSigma = 0.2, BatchSize = CandidatesPerIteration }] }),
        new("cma-me-imp", "CMA-ME (the suggested version): 15 CMA-ES emitters x 36, ranker 2imp, selection filter, restart no_improvement",
            c => Cma(c, "2imp", "filter", RestartRuleConfig.NoImprovement)),
        new("cma-me-imp-mu", "CMA-ME: ranker 2imp, selection mu, restart no_improvement",
            c => Cma(c, "2imp", "mu", RestartRuleConfig.NoImprovement)),
        new("cma-me-basic", "CMA-ME as the CMA-MAE paper's baseline: ranker 2imp, selection mu, restart basic",
            c => Cma(c, "2imp", "mu", RestartRuleConfig.Basic)),
        new("cma-me-rd", "CMA-ME, random direction: ranker 2rd, selection filter, restart no_improvement",
            c => Cma(c, "2rd", "filter", RestartRuleConfig.NoImprovement)),
        new("cma-me-rd-mu", "CMA-ME, random direction: ranker 2rd, selection mu, restart no_improvement",
            c => Cma(c, "2rd", "mu", RestartRuleConfig.NoImprovement)),
        new("cma-me-opt", "CMA-ME, optimizing: ranker obj, selection mu, restart basic",
            c => Cma(c, "obj", "mu", RestartRuleConfig.Basic)),
        new("cma-mae", "CMA-MAE: archive learning_rate 0.01, threshold_min 0, plain result archive; ranker imp, selection mu, restart basic",
            c => Cma(c, "imp", "mu", RestartRuleConfig.Basic) with
            {
                Archive = Grid() with { LearningRate = 0.01, ThresholdMin = 0 },
                ResultArchive = Grid(),
            }),
        new("og-map-elites", "OG-MAP-Elites: one gradient-operator emitter, sigma 0.5, sigma_g 0.5 along the raw objective gradient, 270 + 270 per iteration",
            c => c with { Emitters = [new GradientOperatorEmitterConfig { Sigma = 0.5, SigmaG = 0.5, BatchSize = OperatorBatch }] }),
        new("omg-mega", "OMG-MEGA: one gradient-operator emitter, sigma 0, sigma_g 10 along normalised objective and measure gradients, 270 + 270 per iteration",
            c => c with { Emitters = [new GradientOperatorEmitterConfig { Sigma = 0.0, SigmaG = 10.0, MeasureGradients = true, NormalizeGrad = true, BatchSize = OperatorBatch }] }),
        new("cma-mega", "CMA-MEGA: 15 gradient-arborescence emitters x (1 + 35), sigma0 10, gradient ascent lr 1, ranker 2imp, selection mu, restart no_improvement",
            c => c with { Emitters = [Arborescence(GradientArborescenceEmitterConfig.GradientAscent, 1.0, "2imp", "mu", RestartRuleConfig.NoImprovement)] }),
        new("cma-mega-adam", "CMA-MEGA (Adam): 15 gradient-arborescence emitters x (1 + 35), sigma0 10, Adam lr 0.002, ranker 2imp, selection mu, restart no_improvement",
            c => c with { Emitters = [Arborescence(GradientArborescenceEmitterConfig.Adam, 0.002, "2imp", "mu", RestartRuleConfig.NoImprovement)] }),
        new("cma-maega", "CMA-MAEGA: archive learning_rate 0.01, threshold_min 0, plain result archive; 15 gradient-arborescence emitters x (1 + 35), sigma0 10, gradient ascent lr 1, ranker imp, selection filter, restart basic",
            c => c with
            {
                Archive = Grid() with { LearningRate = 0.01, ThresholdMin = 0 },
                ResultArchive = Grid(),
                Emitters = [Arborescence(GradientArborescenceEmitterConfig.GradientAscent, 1.0, "imp", "filter", RestartRuleConfig.Basic)],
            }),
        new("ns-cma", "Novelty Search with CMA-ES: proximity archive (k 15, novelty threshold 0.037 x 512), plain result archive; 15 CMA-ES emitters x 36 with pyribs' CMA-ES rules, ranker nov, selection mu, restart basic",
            c => c with
            {
                Emitters = [PyribsEs("nov", "mu", RestartRuleConfig.Basic)],
                Archive = new ProximityArchiveConfig { K = 15, NoveltyThreshold = 0.037 * 512 },
                ResultArchive = Grid(),
            }),
        new("nslc-cma-imp", "Novelty Search with Local Competition and CMA-ES: proximity archive (k 15, novelty threshold 0.037 x 100, local competition), plain result archive; pyribs' CMA-ES rules, ranker 2imp, selection filter, restart no_improvement",
            c => c with
            {
                Emitters = [PyribsEs("2imp", "filter", RestartRuleConfig.NoImprovement)],
                Archive = new ProximityArchiveConfig { K = 15, NoveltyThreshold = 0.037 * 100, LocalCompetition = true },
                ResultArchive = Grid(),
            }),
        new("dds", "Density Descent Search as pyribs 0.8.3 runs it: KDE density archive (bandwidth 25.6, buffer 10,000, pyribs' reservoir loop, which mostly buffers each batch's first candidate), plain result archive the emitters draw from; 15 CMA-ES emitters x 36 with pyribs' CMA-ES rules, sigma0 1.5, ranker density, selection mu, restart basic",
            c => Dds(c, QualityDiversity.Archives.ReservoirRule.Pyribs)),
        new("dds-uniform", "Density Descent Search with the paper's buffer: as dds, but the buffer is a uniform reservoir sample of every measure offered",
            c => Dds(c, QualityDiversity.Archives.ReservoirRule.Uniform)),
        new("me-map-elites", "Multi-emitter MAP-Elites: a bandit scheduler keeps 15 of 60 emitters active (15 each of CMA-ES obj, 2rd, 2imp and Iso+LineDD)",
            c => c with
            {
                Scheduler = new BanditSchedulerConfig { NumActive = EsEmitters, Reselect = BanditSchedulerConfig.ReselectTerminated },
                Emitters =
                [
                    Es("obj", "filter", RestartRuleConfig.NoImprovement),
                    Es("2rd", "filter", RestartRuleConfig.NoImprovement),
                    Es("2imp", "filter", RestartRuleConfig.NoImprovement),
                    new IsoLineEmitterConfig { IsoSigma = 0.01, LineSigma = 0.1, BatchSize = EsBatch, Count = EsEmitters },
                ],
            }),
    ];

    // Other spellings: pyribs' names (underscores are read as dashes) and short forms.
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cma-me"] = "cma-me-imp",
        ["cma-me-2imp"] = "cma-me-imp",
        ["line-map-elites"] = "map-elites-line",
        ["map-elites-iso-line"] = "map-elites-line",
    };

    /// <summary>The canonical algorithm names, in catalogue order.</summary>
    public static IReadOnlyList<string> Names { get; } = Entries.Select(e => e.Name).ToArray();

    /// <summary>Each canonical name with its one-line summary.</summary>
    public static IEnumerable<(string Name, string Summary)> Summaries => Entries.Select(e => (e.Name, e.Summary));

    /// <summary>The accepted aliases and the names they stand for.</summary>
    public static IReadOnlyDictionary<string, string> AliasTable => Aliases;

    /// <summary>Whether <paramref name="name"/> is a known algorithm or alias; gives its canonical name.</summary>
    public static bool TryNormalize(string? name, out string canonical)
    {
        canonical = string.Empty;
        if (string.IsNullOrWhiteSpace(name)) return false;
        string key = name.Trim().Replace('_', '-').ToLowerInvariant();
        if (Aliases.TryGetValue(key, out var target)) key = target;
        if (!Names.Contains(key)) return false;
        canonical = key;
        return true;
    }

    /// <summary>A message listing the known names, for errors.</summary>
    public static string KnownNamesText =>
        $"Known algorithms: {string.Join(", ", Names)} (aliases: {string.Join(", ", Aliases.Select(a => $"{a.Key} = {a.Value}"))}).";

    /// <summary>
    /// The unresolved configuration of <paramref name="algorithm"/> on a task; resolve it with
    /// <see cref="ConfigResolver.Resolve"/>.
    /// </summary>
    /// <param name="algorithm">An algorithm name or alias.</param>
    /// <param name="task">A task name (see <see cref="BenchmarkTasks"/>).</param>
    /// <param name="dim">Solution dimension (joints for the arm).</param>
    /// <param name="seed">Run seed.</param>
    /// <param name="iterations">Number of iterations.</param>
    /// <param name="es">Replaces the evolution strategy (<c>cma_es</c> / <c>sep_cma_es</c> / <c>pyribs_cma_es</c> / <c>lm_ma_es</c> / <c>openai_es</c>) of every evolution-strategy emitter when set.</param>
    /// <exception cref="ArgumentException">The algorithm is unknown.</exception>
    public static SearchConfig Create(string algorithm, string task, int dim = DefaultDim, long seed = 0, int iterations = DefaultIterations, string? es = null)
    {
        if (!TryNormalize(algorithm, out string name))
            throw new ArgumentException($"Unknown algorithm '{algorithm}'. {KnownNamesText}", nameof(algorithm));
        string taskName = BenchmarkTasks.IsKnown(task) ? task.Trim().ToLowerInvariant() : task;
        var baseline = new SearchConfig
        {
            Name = $"{name}{(es is null ? "" : "-" + es.Replace('_', '-'))}-{taskName}-{dim}",
            Seed = seed,
            Iterations = iterations,
            CheckpointEvery = 1000,
            MetricsEvery = 1,
            Task = new TaskConfig(taskName, dim),
            Archive = Grid(),
            Emitters = [],
        };
        var config = Entries.Single(e => e.Name == name).Build(baseline);
        // Emitters are independent, so several are asked and told concurrently: identical results, less wall time.
        if (config.Emitters.Sum(e => e.Count) > 1)
            config = config with { Scheduler = config.Scheduler with { ParallelEmitters = true } };
        if (es is not null)
        {
            config = config with
            {
                Emitters = config.Emitters.Select(e => e is EvolutionStrategyEmitterConfig s ? s with { Es = es } : e).ToArray(),
            };
        }
        return config;
    }

    // The 100 x 100 grid; its ranges are filled in from the task when the configuration is resolved.
    private static GridArchiveConfig Grid() => new() { Dims = [GridBins, GridBins] };

    private static EvolutionStrategyEmitterConfig Es(string ranker, string selection, RestartRuleConfig restart) => new()
    {
        Sigma0 = Sigma,
        Ranker = ranker,
        SelectionRule = selection,
        RestartRule = restart,
        BatchSize = EsBatch,
        Count = EsEmitters,
    };

    // The novelty and density searches are defined by what pyribs' sphere example does, and how far
    // their emitters travel depends on the CMA-ES update: Hansen's rank-one term (this engine's
    // cma_es) stretches each distribution along the path it has taken, which under novelty or
    // density ranking leads further out. So they default to pyribs' rules; --es cma_es gives Hansen's.
    private static EvolutionStrategyEmitterConfig PyribsEs(string ranker, string selection, RestartRuleConfig restart) =>
        Es(ranker, selection, restart) with { Es = EvolutionStrategyEmitterConfig.PyribsCmaEs };

    private static GradientArborescenceEmitterConfig Arborescence(string optimizer, double lr, string ranker, string selection, RestartRuleConfig restart) => new()
    {
        Sigma0 = 10.0,
        Lr = lr,
        GradOpt = optimizer,
        Ranker = ranker,
        SelectionRule = selection,
        RestartRule = restart,
        BatchSize = ArborescenceBatch,
        Count = EsEmitters,
    };

    private static SearchConfig Cma(SearchConfig c, string ranker, string selection, RestartRuleConfig restart) =>
        c with { Emitters = [Es(ranker, selection, restart)] };

    // pyribs' sphere-example hyperparameters for DDS (from the DDS paper); the emitters draw from
    // the result archive because the density archive keeps no solutions.
    private static SearchConfig Dds(SearchConfig c, QualityDiversity.Archives.ReservoirRule reservoir) => c with
    {
        Archive = new DensityArchiveConfig { Bandwidth = 25.6, BufferSize = 10_000, Reservoir = reservoir },
        ResultArchive = Grid(),
        Emitters = [PyribsEs("density", "mu", RestartRuleConfig.Basic) with { Sigma0 = 1.5 }],
    };
}
