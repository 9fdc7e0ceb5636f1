using QualityDiversity.Domains;
using QualityDiversity.Evaluation;
using QualityDiversity.Solutions;

namespace QualityDiversity.Domains.Tests;

/// <summary>Batch (parallel) evaluation must reproduce one-by-one evaluation bit for bit.</summary>
public class BatchEvaluationTests
{
    public static TheoryData<string, int, int> Cases => new()
    {
        { "lp-sphere", 100, 540 },
        { "lp-sphere", 100, 2000 },
        { "lp-rastrigin", 100, 2000 },
        { "lp-rastrigin", 7, 1500 },
        { "arm", 1, 1000 },
        { "arm", 10, 3000 },
        { "arm", 100, 1200 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Parallel_Batch_Equals_Sequential_One_By_One(string name, int dimension, int count)
    {
        // Force the parallel path regardless of the machine's core count.
        BenchmarkTask task = name == "arm"
            ? new RoboticArmTask(dimension) { MaxDegreeOfParallelism = 4, MinParallelBatch = 16, ParallelThreshold = TimeSpan.Zero }
            : new LinearProjectionTask(name == "lp-sphere" ? LinearProjectionFunction.Sphere : LinearProjectionFunction.Rastrigin, dimension)
            { MaxDegreeOfParallelism = 4, MinParallelBatch = 16, ParallelThreshold = TimeSpan.Zero };

        var rng = new Random(dimension * 7919 + count);
        // Sample twice the initial range so LP measures also exercise the clip branch.
        var (lo, hi) = task.InitialRange;
        var data = new double[count * dimension];
        for (int i = 0; i < data.Length; i++)
            data[i] = 2 * (lo + rng.NextDouble() * (hi - lo));
        var batch = new SolutionBatch<double>(data, dimension);

        var results = new EvaluationResults(count, task.MeasureDim, task.FeatureDim);
        await task.EvaluateAsync(batch, results);

        var measures = new double[task.MeasureDim];
        var features = new double[task.FeatureDim];
        for (int i = 0; i < count; i++)
        {
            double objective = task.EvaluateOne(batch.Row(i), measures, features);
            Assert.Equal(objective, results.Objectives[i]);
            Assert.True(measures.AsSpan().SequenceEqual(results.MeasuresOf(i)), $"measures differ at row {i}");
            Assert.True(features.AsSpan().SequenceEqual(results.FeaturesOf(i)), $"features differ at row {i}");
        }
    }

    [Theory]
    [InlineData("lp-sphere", 20)]
    [InlineData("arm", 20)]
    public async Task Sequential_Batch_Equals_Parallel_Batch(string name, int dimension)
    {
        const int count = 1024;
        var parallel = BenchmarkTasks.Create(name, dimension);
        IBenchmarkTask sequential = name == "arm"
            ? new RoboticArmTask(dimension) { MaxDegreeOfParallelism = 1 }
            : new LinearProjectionTask(LinearProjectionFunction.Sphere, dimension) { MaxDegreeOfParallelism = 1 };

        var rng = new Random(5);
        var data = Enumerable.Range(0, count * dimension).Select(_ => rng.NextDouble() * 12 - 6).ToArray();
        var batch = new SolutionBatch<double>(data, dimension);
        var a = new EvaluationResults(count, parallel.MeasureDim, parallel.FeatureDim);
        var b = new EvaluationResults(count, sequential.MeasureDim, sequential.FeatureDim);
        await parallel.EvaluateAsync(batch, a);
        await sequential.EvaluateAsync(batch, b);

        Assert.Equal(b.Objectives, a.Objectives);
        Assert.Equal(b.Measures, a.Measures);
        Assert.Equal(b.Features, a.Features);
    }
}
