using System.Globalization;
using QualityDiversity.Archives;
using QualityDiversity.Emitters;
using QualityDiversity.Evaluation;
using QualityDiversity.Randomness;
using QualityDiversity.Runs;
using QualityDiversity.Schedulers;
using QualityDiversity.Solutions;

namespace QualityDiversity.Packaging.Consumer;

/// <summary>
/// A seeded MAP-Elites search with a custom evaluator. This file is compiled into the packaging
/// tests and into the consumer program built from the packages, so both must print the same line.
/// </summary>
public static class ConsumerSearch
{
    /// <summary>Solution length.</summary>
    public const int Dimensions = 6;

    /// <summary>Runs the search: 50 random solutions, then <paramref name="iterations"/> Gaussian batches of 32.</summary>
    public static async Task<GridArchive<double>> RunAsync(int iterations = 40)
    {
        var archive = new GridArchive<double>(Dimensions, [10, 10], [(-1, 1), (-1, 1)]);
        var emitter = new GaussianEmitter(archive, sigma: [0.2], batchSize: 32, RandomSource.ForStream(seed: 7, stream: 0));
        var runner = new SearchRunner<double>(new Scheduler<double>(archive, [emitter]), new HalfMeansEvaluator());
        var initial = new double[50 * Dimensions];
        RandomSource.ForStream(7, 1000).FillUniform(initial, -1, 1);
        await runner.InitializeAsync(new SolutionBatch<double>(initial, Dimensions));
        await runner.RunAsync(iterations);
        return archive;
    }

    /// <summary>The line both programs print: exact (round-trip) QD score and the number of elites.</summary>
    public static string Summary(GridArchive<double> archive) => string.Create(CultureInfo.InvariantCulture,
        $"qd-score={archive.Statistics.QdScore:R} elites={archive.Statistics.Elites}");

    /// <summary>Objective 1 / (1 + |x|^2); measures: the means of the first and of the second half of x.</summary>
    private sealed class HalfMeansEvaluator : ParallelEvaluator<double>
    {
        public override int MeasureDim => 2;

        protected override double Evaluate(ReadOnlySpan<double> solution, Span<double> measures, Span<double> features)
        {
            int half = solution.Length / 2;
            double squares = 0, first = 0, second = 0;
            for (int i = 0; i < solution.Length; i++)
            {
                squares += solution[i] * solution[i];
                if (i < half) first += solution[i];
                else second += solution[i];
            }
            measures[0] = first / half;
            measures[1] = second / (solution.Length - half);
            return 1 / (1 + squares);
        }
    }
}
