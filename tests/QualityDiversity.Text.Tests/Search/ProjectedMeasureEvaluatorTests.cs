using QualityDiversity.Archives.Rebuild;
using QualityDiversity.Text.Genomes;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Text.Tests.Search;

public class ProjectedMeasureEvaluatorTests
{
    // Features: text length and word count; one hand-defined measure.
    private sealed class LengthEvaluator : ITextEvaluator
    {
        public int MeasureDim => 1;

        public int FeatureDim => 2;

        public Task<TextEvaluation> EvaluateAsync(TextGenome text, CancellationToken cancellationToken) => Task.FromResult(text.Text.Length == 0
            ? TextEvaluation.Failed("empty")
            : TextEvaluation.Success(1, [0.25], [text.Text.Length, text.Text.Split(' ').Length]));
    }

    [Fact]
    public async Task Measures_are_the_current_projection_of_the_features_and_the_inner_measures_are_kept()
    {
        FeatureMeasureMap map = (f, m) => { m[0] = f[0] + f[1]; m[1] = f[0] - f[1]; };
        var evaluator = new ProjectedMeasureEvaluator(new LengthEvaluator(), 2, () => map);
        var result = await evaluator.EvaluateAsync(new TextGenome(0, "two words"), default);
        Assert.Equal([11.0, 7.0], result.Measures);
        Assert.Equal([9.0, 2.0], result.Features);
        Assert.Contains(new KeyValuePair<string, string>("inner.measure_0", "0.25"), result.Annotations);

        map = (f, m) => { m[0] = 1; m[1] = 2; };
        var batch = await evaluator.EvaluateBatchAsync([new TextGenome(1, "x")], default);
        Assert.Equal([1.0, 2.0], batch[0].Measures);
    }

    [Fact]
    public async Task Failures_pass_through_and_a_non_finite_projection_fails()
    {
        FeatureMeasureMap broken = (f, m) => { m[0] = double.NaN; };
        var evaluator = new ProjectedMeasureEvaluator(new LengthEvaluator(), 1, () => broken);
        Assert.Equal("empty", (await evaluator.EvaluateAsync(new TextGenome(0, ""), default)).Failure);
        Assert.Contains("non-finite", (await evaluator.EvaluateAsync(new TextGenome(1, "a"), default)).Failure);
    }

    [Fact]
    public void An_evaluator_without_features_cannot_learn_measures()
    {
        var e = Assert.Throws<ArgumentException>(() => new ProjectedMeasureEvaluator(new LetterStatisticsEvaluator(), 2, () => (_, m) => m.Clear()));
        Assert.Contains("features", e.Message);
    }
}
