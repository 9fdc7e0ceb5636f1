using BenchmarkDotNet.Attributes;
using QualityDiversity.Archives;
using QualityDiversity.Randomness;
using QualityDiversity.Solutions;

namespace QualityDiversity.Benchmarks;

/// <summary>
/// Batch-add throughput of the cell archives: batches of <see cref="BatchSize"/> random
/// candidates (10-D or 100-D solutions, 2-D measures uniform over the archive's ranges, objectives uniform
/// in [0, 100]). Every benchmark adds one whole batch and declares
/// <c>OperationsPerInvoke = BatchSize</c>, so BenchmarkDotNet's time per operation is the time
/// per candidate and its ops/s are adds per second.
/// </summary>
/// <remarks>
/// Two archive states are measured: <c>Fresh</c> clears the archive before each batch (many
/// candidates open new cells: the store writes dominate), <c>Full</c> offers batches to an
/// archive that has long been filled (almost every candidate is rejected after its cell
/// lookup: the lookup dominates). The batches cycle through <see cref="BatchCount"/> pre-drawn ones.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class ArchiveAddBenchmarks
{
    /// <summary>Candidates per added batch.</summary>
    public const int BatchSize = 10_000;

    /// <summary>Distinct pre-drawn batches cycled through.</summary>
    public const int BatchCount = 8;

    /// <summary>Solution dimension: 10, and 100 as in pyribs' own throughput comparisons.</summary>
    [Params(10, 100)]
    public int SolutionDim { get; set; }
    private static readonly (double, double)[] Ranges = [(-1.0, 1.0), (-1.0, 1.0)];

    private CandidateBatch<double>[] _batches = null!;
    private AddStatus[] _status = null!;
    private double[] _values = null!;
    private GridArchive<double> _gridFresh = null!, _gridFull = null!;
    private CvtArchive<double> _cvtFresh = null!, _cvtFull = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var random = RandomSource.ForStream(42, 0);
        _batches = new CandidateBatch<double>[BatchCount];
        for (int b = 0; b < BatchCount; b++)
        {
            var solutions = new double[BatchSize * SolutionDim];
            var objectives = new double[BatchSize];
            var measures = new double[BatchSize * 2];
            random.FillUniform(solutions, -1, 1);
            random.FillUniform(objectives, 0, 100);
            random.FillUniform(measures, -1, 1);
            _batches[b] = new CandidateBatch<double>(new SolutionBatch<double>(solutions, SolutionDim), objectives, measures);
        }
        _status = new AddStatus[BatchSize];
        _values = new double[BatchSize];

        _gridFresh = new GridArchive<double>(SolutionDim, [64, 64], Ranges);
        _gridFull = new GridArchive<double>(SolutionDim, [64, 64], Ranges);
        _cvtFresh = new CvtArchive<double>(SolutionDim, 1000, Ranges, samples: 100_000, seed: 1);
        _cvtFull = new CvtArchive<double>(SolutionDim, 1000, Ranges, samples: 100_000, seed: 1);
        for (int round = 0; round < 4; round++)
        {
            foreach (var batch in _batches)
            {
                _gridFull.Add(batch, _status, _values);
                _cvtFull.Add(batch, _status, _values);
            }
        }
    }

    private ref readonly CandidateBatch<double> Next()
    {
        _next = (_next + 1) % BatchCount;
        return ref _batches[_next];
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "Grid 64x64, fresh")]
    public void GridFresh()
    {
        _gridFresh.Clear();
        _gridFresh.Add(Next(), _status, _values);
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "Grid 64x64, full")]
    public void GridFull() => _gridFull.Add(Next(), _status, _values);

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "CVT 1000 cells, fresh")]
    public void CvtFresh()
    {
        _cvtFresh.Clear();
        _cvtFresh.Add(Next(), _status, _values);
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "CVT 1000 cells, full")]
    public void CvtFull() => _cvtFull.Add(Next(), _status, _values);
}
