using BenchmarkDotNet.Attributes;
using QualityDiversity.Archives;
using QualityDiversity.Domains;
using QualityDiversity.Emitters;
using QualityDiversity.Evaluation;
using QualityDiversity.Randomness;
using QualityDiversity.Schedulers;
using QualityDiversity.Solutions;

namespace QualityDiversity.Benchmarks;

/// <summary>
/// One MAP-Elites iteration in the CMA-ME paper's setting (100-D LP sphere, 100 x 100 grid, one
/// Gaussian emitter with σ = 0.5 proposing 540 candidates), and its parts: the emitter's ask
/// alone, and the task's evaluation alone (the batch path, parallel over cores, and one
/// thread). The archive is warmed up by 200 iterations first, so parents come from a populated
/// archive as in a real run. <c>OperationsPerInvoke</c> is the batch size, so ops/s are
/// candidates per second.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class SearchStepBenchmarks
{
    private const int Dim = 100;
    private const int Batch = 540;

    private Scheduler<double> _scheduler = null!;
    private GaussianEmitter _emitter = null!;
    private IBenchmarkTask _task = null!;
    private EvaluationResults _results = null!;
    private SolutionBatch<double> _sample;
    private EvaluationResults _sampleResults = null!;

    [GlobalSetup]
    public void Setup()
    {
        _task = BenchmarkTasks.Create("lp-sphere", Dim);
        var ranges = _task.MeasureRanges.ToArray();
        var archive = new GridArchive<double>(Dim, [100, 100], ranges);
        _emitter = new GaussianEmitter(archive, [0.5], Batch, RandomSource.ForStream(0, 0));
        _scheduler = new Scheduler<double>(archive, [_emitter]);
        _results = new EvaluationResults(Batch, _task.MeasureDim);
        for (int i = 0; i < 200; i++) Iterate();

        // A fixed batch for the evaluation-only benchmark.
        var data = _emitter.Ask().Data.ToArray();
        _sample = new SolutionBatch<double>(data, Dim);
        _sampleResults = new EvaluationResults(Batch, _task.MeasureDim);
    }

    private void Iterate()
    {
        var batch = _scheduler.Ask();
        _task.EvaluateAsync(batch, _results).AsTask().GetAwaiter().GetResult();
        _scheduler.Tell(_results);
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "MAP-Elites iteration (ask + evaluate + tell), 540 x 100-D")]
    public void MapElitesIteration() => Iterate();

    [Benchmark(OperationsPerInvoke = Batch, Description = "Gaussian emitter ask, 540 x 100-D")]
    public SolutionBatch<double> GaussianAsk() => _emitter.Ask();

    [Benchmark(OperationsPerInvoke = Batch, Description = "LP sphere evaluation, 540 x 100-D")]
    public void Evaluate() => _task.EvaluateAsync(_sample, _sampleResults).AsTask().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Batch, Description = "LP sphere evaluation on one thread, 540 x 100-D")]
    public void EvaluateOnOneThread()
    {
        for (int i = 0; i < Batch; i++)
            _sampleResults.Objectives[i] = _task.EvaluateOne(_sample.Row(i), _sampleResults.MeasuresOf(i), _sampleResults.FeaturesOf(i));
    }
}
