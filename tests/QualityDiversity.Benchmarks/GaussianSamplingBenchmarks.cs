using BenchmarkDotNet.Attributes;
using QualityDiversity.Randomness;

namespace QualityDiversity.Benchmarks;

/// <summary>
/// Bulk standard-normal sampling: one <see cref="RandomSource.FillGaussian"/> call of 54,000
/// doubles, the noise a Gaussian emitter draws per MAP-Elites iteration (540 x 100-D), and a
/// short call as CMA-ES makes for small dimensions. <c>OperationsPerInvoke</c> is the length,
/// so the mean is the time per draw.
/// </summary>
[Config(typeof(ThroughputConfig))]
public class GaussianSamplingBenchmarks
{
    private const int Large = 540 * 100;
    private const int Small = 100;

    private readonly RandomSource _random = new(12345);
    private readonly double[] _large = new double[Large];
    private readonly double[] _small = new double[Small];

    [Benchmark(OperationsPerInvoke = Large, Description = "FillGaussian, 54,000 doubles")]
    public void FillLarge() => _random.FillGaussian(_large);

    [Benchmark(OperationsPerInvoke = Small, Description = "FillGaussian, 100 doubles")]
    public void FillSmall() => _random.FillGaussian(_small);

    [Benchmark(OperationsPerInvoke = Small, Description = "NextGaussian, 100 single draws")]
    public double NextGaussianLoop()
    {
        double sum = 0;
        for (int i = 0; i < Small; i++) sum += _random.NextGaussian();
        return sum;
    }
}
