using QualityDiversity.Archives;
using QualityDiversity.Emitters;
using QualityDiversity.Emitters.EvolutionStrategy;
using QualityDiversity.Randomness;
using QualityDiversity.Rankers;
using QualityDiversity.Schedulers;

namespace QualityDiversity.Benchmarks.CostCurves;

/// <summary>
/// The two searches the curves follow, in the CMA-MAE paper's settings: MAP-Elites (one
/// Gaussian emitter, σ 0.5) and CMA-MAE (15 CMA-ES emitters × 36, σ₀ 0.5, ranker imp, μ
/// selection, basic restarts, archive learning rate 0.01 with a plain result archive).
/// </summary>
internal static class SearchSetups
{
    public static Scheduler<double> MapElites(IArchive<double> archive, int batch, long seed = 0) =>
        new(archive, [new GaussianEmitter(archive, [0.5], batch, RandomSource.ForStream(seed, 0))]);

    public static Scheduler<double> CmaMae(Func<ArchiveOptions<double>?, IArchive<double>> archive, int dimension, long seed = 0)
    {
        var search = archive(new ArchiveOptions<double> { LearningRate = 0.01, ThresholdMin = 0 });
        var result = archive(null);
        var emitters = Enumerable.Range(0, 15)
            .Select(i => (IEmitter<double>)new EvolutionStrategyEmitter(search, new double[dimension], 0.5, new ImprovementRanker(),
                RandomSource.ForStream(seed, i), SelectionRule.Mu, RestartRule.Basic, batchSize: 36))
            .ToArray();
        return new Scheduler<double>(search, emitters, result);
    }
}
