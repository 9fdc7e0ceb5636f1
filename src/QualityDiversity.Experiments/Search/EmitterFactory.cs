using QualityDiversity.Archives;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Emitters;
using QualityDiversity.Emitters.EvolutionStrategy;
using QualityDiversity.Emitters.Gradient;
using QualityDiversity.Optimizers.Gradient;
using QualityDiversity.Randomness;
using QualityDiversity.Rankers;

namespace QualityDiversity.Experiments.Search;

/// <summary>
/// Creates Core emitters from emitter configurations. Emitter number <c>i</c> of the search
/// (counting replicas) draws its variation from stream <c>2i</c> of the run seed and its
/// initial solutions from stream <c>2i + 1</c>.
/// </summary>
internal static class EmitterFactory
{
    /// <summary>Creates one replica of <paramref name="config"/>.</summary>
    /// <param name="config">A resolved emitter configuration.</param>
    /// <param name="path">Field path of the section, for error messages.</param>
    /// <param name="archive">The archive to draw parents from.</param>
    /// <param name="seed">The run seed.</param>
    /// <param name="index">Index of this emitter among all emitters of the search, replicas included.</param>
    /// <exception cref="ConfigException">The emitter rejected its settings.</exception>
    public static IEmitter<double> Create(EmitterConfig config, string path, IArchive<double> archive, long seed, int index)
    {
        int dim = archive.SolutionWidth;
        var random = RandomSource.ForStream(seed, 2 * index);
        double[]? initial = config.InitialSolutions is { } init ? DrawInitial(init, dim, RandomSource.ForStream(seed, 2 * index + 1)) : null;
        var bounds = config.Bounds is { } b ? new SolutionBounds(Broadcast(b.Low, dim), Broadcast(b.High, dim)) : null;
        double[]? x0 = config.X0?.ToArray();
        try
        {
            return config switch
            {
                GaussianEmitterConfig g => new GaussianEmitter(archive, g.Sigma, config.BatchSize, random, x0, initial, bounds),
                IsoLineEmitterConfig l => new IsoLineEmitter(archive, l.IsoSigma, l.LineSigma, config.BatchSize, random, x0, initial, bounds),
                EvolutionStrategyEmitterConfig es => new EvolutionStrategyEmitter(archive, x0 ?? new double[dim], es.Sigma0, Ranker.Create(es.Ranker), random,
                    es.SelectionRule == EvolutionStrategyEmitterConfig.MuSelection ? SelectionRule.Mu : SelectionRule.Filter,
                    ToRestartRule(es.RestartRule), config.BatchSize, bounds, EvolutionStrategies.For(EvolutionStrategies.Parse(es.Es))),
                GradientArborescenceEmitterConfig ga => new GradientArborescenceEmitter(archive, x0 ?? new double[dim], ga.Sigma0, ga.Lr, Ranker.Create(ga.Ranker), random,
                    ga.SelectionRule == EvolutionStrategyEmitterConfig.MuSelection ? SelectionRule.Mu : SelectionRule.Filter,
                    ToRestartRule(ga.RestartRule), GradientOptimizers.Parse(ga.GradOpt), ga.NormalizeGrad, config.BatchSize,
                    strategy: EvolutionStrategies.For(EvolutionStrategies.Parse(ga.Es))),
                GradientOperatorEmitterConfig op => new GradientOperatorEmitter(archive, op.Sigma, op.SigmaG, random, x0, initial, op.LineSigma,
                    op.MeasureGradients, op.NormalizeGrad, operatorType: op.OperatorType == GradientOperatorEmitterConfig.IsoLine ? GradientOperatorType.IsoLine : GradientOperatorType.Isotropic,
                    bounds: bounds, batchSize: config.BatchSize),
                _ => throw new ConfigException($"{path}.{ConfigKeys.TypeKey}", $"emitter type '{config.Type}' is not supported."),
            };
        }
        catch (ArgumentException e)
        {
            throw new ConfigException(path, ConfigResolver.PlainMessage(e));
        }
    }

    private static RestartRule ToRestartRule(RestartRuleConfig rule) => rule.Name switch
    {
        RestartRuleConfig.EveryName => RestartRule.Every(rule.Iterations),
        "basic" => RestartRule.Basic,
        _ => RestartRule.NoImprovement,
    };

    /// <summary>Draws <see cref="InitialSolutionsConfig.Count"/> solutions uniformly in the configured box, row-major.</summary>
    public static double[] DrawInitial(InitialSolutionsConfig config, int dim, RandomSource random)
    {
        double[] low = Broadcast(config.Low!, dim), high = Broadcast(config.High!, dim);
        var solutions = new double[config.Count * dim];
        for (int i = 0; i < config.Count; i++)
        {
            for (int j = 0; j < dim; j++) solutions[i * dim + j] = random.NextDouble(low[j], high[j]);
        }
        return solutions;
    }

    private static double[] Broadcast(double[] values, int dim) =>
        values.Length == dim ? values.ToArray() : Enumerable.Repeat(values[0], dim).ToArray();
}
