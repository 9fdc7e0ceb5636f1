using QualityDiversity.Archives;
using QualityDiversity.Emitters;
using QualityDiversity.Emitters.Gradient;
using QualityDiversity.Randomness;
using QualityDiversity.Solutions;

namespace QualityDiversity.Core.Tests.Gradient;

public class GradientOperatorEmitterTests
{
    private const int D = 4;

    private static GridArchive<double> ArchiveWithElite(params double[] elite)
    {
        var archive = new GridArchive<double>(D, [10, 10], [(-5, 5), (-5, 5)]);
        archive.Add(new CandidateBatch<double>(new SolutionBatch<double>(elite, D), new[] { 1.0 }, new[] { 0.0, 0.0 }));
        return archive;
    }

    private static void TellJacobians(GradientOperatorEmitter emitter, SolutionBatch<double> points, double[] jacobian)
    {
        int n = points.Count;
        var feedback = new EmitterFeedback<double>(new CandidateBatch<double>(points, new double[n], new double[2 * n]),
            Enumerable.Repeat(AddStatus.NotAdded, n).ToArray(), new double[n]);
        emitter.TellDqd(feedback, Enumerable.Range(0, n).SelectMany(_ => jacobian).ToArray());
    }

    [Fact]
    public void Objective_gradient_operator_steps_sigma_g_along_the_objective_gradient()
    {
        var archive = ArchiveWithElite(1, 2, 3, 4);
        var emitter = new GradientOperatorEmitter(archive, sigma: 0, sigmaG: 0.5, new RandomSource(2), batchSize: 3);
        var points = emitter.AskDqd();
        Assert.Equal(3, points.Count);
        for (int i = 0; i < 3; i++) Assert.Equal([1.0, 2.0, 3.0, 4.0], points.Row(i).ToArray()); // σ = 0: the elite itself
        TellJacobians(emitter, points, [2, 0, -4, 0, /* measures */ 1, 1, 1, 1, 9, 9, 9, 9]);
        var children = emitter.Ask();
        for (int i = 0; i < 3; i++) Assert.Equal([2.0, 2.0, 1.0, 4.0], children.Row(i).ToArray());
    }

    [Fact]
    public void Measure_gradient_operator_climbs_the_objective_and_walks_both_ways_along_measures()
    {
        var archive = ArchiveWithElite(0, 0, 0, 0);
        var emitter = new GradientOperatorEmitter(archive, sigma: 0, sigmaG: 1.0, new RandomSource(4), measureGradients: true, batchSize: 200);
        var points = emitter.AskDqd();
        TellJacobians(emitter, points, [1, 0, 0, 0, /* m1 */ 0, 1, 0, 0, /* m2 */ 0, 0, 1, 0]);
        var children = emitter.Ask();
        var objectiveSteps = Enumerable.Range(0, 200).Select(i => children.Row(i)[0]).ToArray();
        var measureSteps = Enumerable.Range(0, 200).Select(i => children.Row(i)[1]).ToArray();
        Assert.All(objectiveSteps, c => Assert.True(c >= 0));
        Assert.Contains(measureSteps, c => c < 0);
        Assert.Contains(measureSteps, c => c > 0);
        Assert.All(Enumerable.Range(0, 200), i => Assert.Equal(0.0, children.Row(i)[3]));
    }

    [Fact]
    public void Normalised_gradients_give_unit_steps()
    {
        var archive = ArchiveWithElite(0, 0, 0, 0);
        var emitter = new GradientOperatorEmitter(archive, sigma: 0, sigmaG: 0.25, new RandomSource(4), normalizeGradients: true, epsilon: 0, batchSize: 2);
        var points = emitter.AskDqd();
        TellJacobians(emitter, points, [0, 30, 0, 40, 0, 0, 0, 0, 0, 0, 0, 0]);
        Assert.Equal([0.0, 0.15, 0.0, 0.2], emitter.Ask().Row(1).ToArray());
    }

    [Fact]
    public void Initial_solutions_come_first_without_a_gradient_phase()
    {
        var archive = new GridArchive<double>(D, [10, 10], [(-5, 5), (-5, 5)]);
        double[] initial = [1, 1, 1, 1, 2, 2, 2, 2];
        var emitter = new GradientOperatorEmitter(archive, 0.1, 0.5, new RandomSource(1), initialSolutions: initial, batchSize: 5);
        var points = emitter.AskDqd();
        Assert.Equal(0, points.Count);
        TellJacobians(emitter, points, new double[12]);
        Assert.Equal(initial, emitter.Ask().Data.ToArray());
    }

    [Fact]
    public void Ask_without_the_gradient_phase_is_refused()
    {
        var emitter = new GradientOperatorEmitter(ArchiveWithElite(0, 0, 0, 0), 0.1, 0.5, new RandomSource(1));
        Assert.Throws<InvalidOperationException>(() => emitter.Ask());
        var points = emitter.AskDqd();
        Assert.Throws<InvalidOperationException>(() => emitter.Ask());
        var feedback = new EmitterFeedback<double>(new CandidateBatch<double>(points.Slice(0, 3), new double[3], new double[6]), new AddStatus[3], new double[3]);
        Assert.Equal("feedback", Assert.Throws<ArgumentException>(() => emitter.TellDqd(feedback, new double[3 * 12])).ParamName);
    }
}
