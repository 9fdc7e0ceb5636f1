using QualityDiversity.Evaluation;
using QualityDiversity.Solutions;

namespace QualityDiversity.Core.Tests.Evaluation;

public class EvaluatorFailureTests
{
    /// <summary>"hang" never finishes unless cancelled, "deaf" never finishes and ignores its token, "boom" throws; others score their length.</summary>
    private sealed class TextEvaluator() : AsyncEvaluator<string>(4)
    {
        public override int MeasureDim => 1;

        protected override async Task<double> EvaluateOneAsync(ReadOnlyMemory<string> solution, Memory<double> measures, Memory<double> features, CancellationToken cancellationToken)
        {
            string text = solution.Span[0];
            if (text == "hang") await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, cancellationToken);
            if (text == "deaf")
            {
                await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
                measures.Span[0] = -1; // a late write: must not reach the results
                return -1;
            }
            if (text == "boom") throw new InvalidOperationException("the judge is down");
            await Task.Yield();
            measures.Span[0] = text.Length;
            return text.Length * 10;
        }
    }

    private static TextEvaluator WithTimeout(double milliseconds) => new() { CandidateTimeout = TimeSpan.FromMilliseconds(milliseconds) };

    [Fact]
    public async Task Timed_out_candidates_are_recorded_and_the_rest_of_the_batch_is_evaluated()
    {
        var texts = new[] { "ab", "hang", "abcd", "deaf", "a" };
        var results = new EvaluationResults(texts.Length, 1) { CatchCandidateExceptions = true };

        await WithTimeout(100).EvaluateAsync(new SolutionBatch<string>(texts, 1), results);

        Assert.Equal(2, results.FailedCount);
        Assert.Equal([1, 3], results.Failures.Select(f => f.Index));
        Assert.All(results.Failures, f => Assert.Equal(CandidateFailureKind.Timeout, f.Kind));
        Assert.Equal([20.0, 0, 40, 0, 10], results.Objectives);
        Assert.Equal([2.0, 0, 4, 0, 1], results.Measures);
        Assert.False(results.IsFailed(0));
        Assert.True(results.IsFailed(3));
    }

    [Fact]
    public async Task A_late_finish_after_the_timeout_never_writes_into_the_results()
    {
        var results = new EvaluationResults(2, 1) { CatchCandidateExceptions = true };
        await WithTimeout(50).EvaluateAsync(new SolutionBatch<string>(new[] { "deaf", "abc" }, 1), results);
        await Task.Delay(TimeSpan.FromSeconds(3)); // let the abandoned evaluation finish
        Assert.Equal([0.0, 3], results.Measures);
        Assert.Equal([0.0, 30], results.Objectives);
    }

    [Fact]
    public async Task Without_catching_a_timeout_throws_naming_the_candidate()
    {
        var results = new EvaluationResults(2, 1);
        var error = await Assert.ThrowsAsync<TimeoutException>(async () =>
            await WithTimeout(50).EvaluateAsync(new SolutionBatch<string>(new[] { "a", "hang" }, 1), results));
        Assert.StartsWith("Candidate 1:", error.Message);
    }

    [Fact]
    public async Task A_throwing_candidate_is_recorded_with_its_exception_when_caught()
    {
        var results = new EvaluationResults(3, 1) { CatchCandidateExceptions = true };
        await new TextEvaluator().EvaluateAsync(new SolutionBatch<string>(new[] { "x", "boom", "xyz" }, 1), results);
        var failure = Assert.Single(results.Failures);
        Assert.Equal(1, failure.Index);
        Assert.Equal(CandidateFailureKind.Exception, failure.Kind);
        Assert.IsType<InvalidOperationException>(failure.Exception);
        Assert.Contains("the judge is down", failure.Message);
        Assert.Equal([10.0, 0, 30], results.Objectives);
    }

    [Fact]
    public async Task Cancelling_the_caller_token_still_throws_when_failures_are_caught()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var results = new EvaluationResults(2, 1) { CatchCandidateExceptions = true };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await WithTimeout(60_000).EvaluateAsync(new SolutionBatch<string>(new[] { "hang", "hang" }, 1), results, cancel.Token));
        Assert.Equal(0, results.FailedCount);
    }

    [Fact]
    public async Task Parallel_evaluator_records_throwing_candidates_in_every_path()
    {
        // 200 candidates with a zero threshold take the parallel path; 10 take the sequential one.
        foreach (int n in new[] { 10, 200 })
        {
            var evaluator = new FunctionEvaluator<double>(1, (x, m, f) =>
            {
                if (x[0] % 7 == 3) throw new ArithmeticException($"bad {x[0]}");
                m[0] = x[0];
                return -x[0];
            })
            { ParallelThreshold = TimeSpan.Zero, MinParallelBatch = 64 };
            var data = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
            var results = new EvaluationResults(n, 1) { CatchCandidateExceptions = true };
            await evaluator.EvaluateAsync(new SolutionBatch<double>(data, 1), results);

            var expected = Enumerable.Range(0, n).Where(i => i % 7 == 3).ToArray();
            Assert.Equal(expected, results.Failures.Select(f => f.Index));
            Assert.All(results.Failures, f => Assert.Equal($"ArithmeticException: bad {f.Index}", f.Message));
            for (int i = 0; i < n; i++)
                Assert.Equal(i % 7 == 3 ? 0 : -i, results.Objectives[i]);
        }
    }

    [Fact]
    public void Non_finite_values_are_marked_naming_the_field_and_measure()
    {
        var results = new EvaluationResults(4, 2);
        results.Objectives[1] = double.NaN;
        results.Measures[2 * 2 + 1] = double.PositiveInfinity;
        results.Objectives[3] = double.NegativeInfinity;
        results.Measures[3 * 2] = double.NaN; // the objective is reported first

        Assert.Equal(3, results.MarkNonFinite());
        Assert.Equal(
            ["Candidate 1: NonFiniteObjective: objective is NaN; objectives must be finite.",
             "Candidate 2: NonFiniteMeasure: measure 1 is Infinity; measures must be finite.",
             "Candidate 3: NonFiniteObjective: objective is -Infinity; objectives must be finite."],
            results.Failures.Select(f => f.ToString()));
        Assert.Equal(0, results.MarkNonFinite());
        results.ClearFailures();
        Assert.Empty(results.Failures);
    }
}
