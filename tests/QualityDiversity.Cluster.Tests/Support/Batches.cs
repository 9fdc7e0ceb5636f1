using QualityDiversity.Domains;
using QualityDiversity.Evaluation;
using QualityDiversity.Solutions;

namespace QualityDiversity.Cluster.Tests.Support;

/// <summary>Seeded batches and their local evaluation, the reference cluster results must equal bit for bit.</summary>
internal static class Batches
{
    public static SolutionBatch<double> Random(int count, int dim, int seed)
    {
        var random = new Random(seed);
        var data = new double[count * dim];
        for (int i = 0; i < data.Length; i++) data[i] = random.NextDouble() * 2 - 1;
        return new SolutionBatch<double>(data, dim);
    }

    public static async Task<EvaluationResults> EvaluateAsync(IEvaluator<double> evaluator, SolutionBatch<double> batch, bool catchExceptions = false)
    {
        var results = new EvaluationResults(batch.Count, evaluator.MeasureDim, evaluator.FeatureDim) { CatchCandidateExceptions = catchExceptions };
        await evaluator.EvaluateAsync(batch, results);
        return results;
    }

    public static Task<EvaluationResults> LocalAsync(string task, SolutionBatch<double> batch, bool catchExceptions = false) =>
        EvaluateAsync(BenchmarkTasks.Create(task, batch.Width), batch, catchExceptions);

    /// <summary>Asserts that two results hold the same bits in every row and the same failures.</summary>
    public static void AssertIdentical(EvaluationResults expected, EvaluationResults actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(Bits(expected.Objectives), Bits(actual.Objectives));
        Assert.Equal(Bits(expected.Measures), Bits(actual.Measures));
        Assert.Equal(Bits(expected.Features), Bits(actual.Features));
        Assert.Equal(expected.Failures.Select(f => (f.Index, f.Kind, f.Message)), actual.Failures.Select(f => (f.Index, f.Kind, f.Message)));
    }

    private static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
}
