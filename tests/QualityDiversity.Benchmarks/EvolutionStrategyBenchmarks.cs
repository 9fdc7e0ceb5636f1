using BenchmarkDotNet.Attributes;
using QualityDiversity.Optimizers;
using QualityDiversity.Randomness;

namespace QualityDiversity.Benchmarks;

/// <summary>
/// One generation (ask + tell) of the evolution strategy of a CMA-ME / CMA-MAE emitter in the
/// standard setting: n = 100, λ = 36, μ = 18 (the <c>mu</c> selection rule), restarting every
/// 200 generations as emitters do. <c>Full CMA-ES, no eigendecomposition</c> sets the lazy gap
/// to infinity, so its difference to <c>Full CMA-ES</c> is the cost of the O(n³) decompositions.
/// A CMA iteration of <c>qd bench</c> runs 15 such generations.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class EvolutionStrategyBenchmarks
{
    private const int Dim = 100;
    private const int Lambda = 36;
    private const int Parents = Lambda / 2;

    private CmaEvolutionStrategy _cma = null!, _cmaNoEigen = null!;
    private SeparableCmaEvolutionStrategy _sep = null!;
    private double[] _solutions = null!;
    private int[] _ranking = null!;
    private readonly double[] _origin = new double[Dim];
    private int _generation;

    [GlobalSetup]
    public void Setup()
    {
        _cma = new CmaEvolutionStrategy(Dim, 0.5, Lambda, new RandomSource(1));
        _cmaNoEigen = new CmaEvolutionStrategy(Dim, 0.5, Lambda, new RandomSource(1)) { EigendecompositionGap = double.MaxValue };
        _sep = new SeparableCmaEvolutionStrategy(Dim, 0.5, Lambda, new RandomSource(1));
        _solutions = new double[Lambda * Dim];
        // A fixed ranking: the selection pressure is arbitrary, the arithmetic is that of a real run.
        _ranking = Enumerable.Range(0, Lambda).Reverse().ToArray();
    }

    private void Generation(IEvolutionStrategy strategy)
    {
        if (++_generation % 200 == 0) strategy.Reset(_origin);
        strategy.Ask(_solutions);
        strategy.Tell(_solutions, _ranking, Parents);
    }

    [Benchmark(Description = "Full CMA-ES, n = 100, λ = 36")]
    public void FullCmaEs() => Generation(_cma);

    [Benchmark(Description = "Full CMA-ES, no eigendecomposition")]
    public void FullCmaEsWithoutEigendecomposition() => Generation(_cmaNoEigen);

    [Benchmark(Description = "Separable CMA-ES, n = 100, λ = 36")]
    public void SeparableCmaEs() => Generation(_sep);
}
