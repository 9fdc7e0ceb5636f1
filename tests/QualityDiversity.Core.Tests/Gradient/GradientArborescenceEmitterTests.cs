using QualityDiversity.Archives;
using QualityDiversity.Emitters;
using QualityDiversity.Emitters.EvolutionStrategy;
using QualityDiversity.Emitters.Gradient;
using QualityDiversity.Optimizers.Gradient;
using QualityDiversity.Randomness;
using QualityDiversity.Rankers;
using QualityDiversity.Solutions;

namespace QualityDiversity.Core.Tests.Gradient;

public class GradientArborescenceEmitterTests
{
    private const int D = 4;

    private static GridArchive<double> Archive() => new(D, [10, 10], [(-5, 5), (-5, 5)]);

    private static GradientArborescenceEmitter Emitter(IArchive<double> archive, long seed, string ranker = "obj", SelectionRule selection = SelectionRule.Mu,
        bool normalize = true, double epsilon = 1e-8, RestartRule? restart = null) =>
        new(archive, [1.0, 2.0, 3.0, 4.0], sigma0: 0.5, learningRate: 1.0, Ranker.Create(ranker), new RandomSource(seed), selection, restart ?? RestartRule.Basic,
            GradientOptimizers.GradientAscent, normalize, batchSize: 8, epsilon: epsilon);

    // Tells the emitter its solution point with the given Jacobian rows.
    private static void TellJacobian(GradientArborescenceEmitter emitter, params double[][] rows)
    {
        var point = emitter.AskDqd();
        var feedback = new EmitterFeedback<double>(new CandidateBatch<double>(point, new double[1], new double[2]), new[] { AddStatus.New }, new double[1]);
        emitter.TellDqd(feedback, rows.SelectMany(r => r).ToArray());
    }

    private static EmitterFeedback<double> Feedback(SolutionBatch<double> batch, AddStatus status)
    {
        int n = batch.Count;
        var objectives = new double[n];
        for (int i = 0; i < n; i++)
        {
            var x = batch.Row(i);
            double sum = 0;
            foreach (double v in x) sum += v * v;
            objectives[i] = -sum;
        }
        var statuses = Enumerable.Repeat(status, n).ToArray();
        return new EmitterFeedback<double>(new CandidateBatch<double>(batch, objectives, new double[2 * n]), statuses, new double[n]);
    }

    [Fact]
    public void AskDqd_returns_the_solution_point_and_Ask_needs_its_Jacobian_first()
    {
        var emitter = Emitter(Archive(), 1);
        Assert.Equal([1.0, 2.0, 3.0, 4.0], emitter.AskDqd().Data.ToArray());
        var error = Assert.Throws<InvalidOperationException>(() => emitter.Ask());
        Assert.Contains("AskDqd and TellDqd", error.Message);
    }

    [Fact]
    public void Candidates_branch_from_the_point_along_the_normalised_gradients_only()
    {
        var scaled = Emitter(Archive(), 7, epsilon: 0);
        var unit = Emitter(Archive(), 7, epsilon: 0);
        TellJacobian(scaled, [3, 0, 0, 0], [0, 2, 0, 0], [0, 0, 5, 0]);
        TellJacobian(unit, [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]);
        var a = scaled.Ask().Data.ToArray();
        var b = unit.Ask().Data.ToArray();
        Assert.Equal(b, a); // normalisation removed the gradients' scales
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(4.0, a[i * D + 3]); // no gradient moves the last coordinate
            Assert.NotEqual(1.0, a[i * D]);
        }
    }

    [Fact]
    public void Without_normalisation_the_gradient_scale_is_kept()
    {
        var scaled = Emitter(Archive(), 7, normalize: false);
        var unit = Emitter(Archive(), 7, normalize: false);
        TellJacobian(scaled, [3, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]);
        TellJacobian(unit, [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]);
        var a = scaled.Ask().Data.ToArray();
        var b = unit.Ask().Data.ToArray();
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(3 * (b[i * D] - 1.0), a[i * D] - 1.0, 12);
            Assert.Equal(b[i * D + 1], a[i * D + 1]);
        }
    }

    [Fact]
    public void Tell_moves_the_point_to_the_log_weighted_mean_of_the_best_half()
    {
        var emitter = Emitter(Archive(), 3);
        TellJacobian(emitter, [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]);
        var batch = emitter.Ask();
        var feedback = Feedback(batch, AddStatus.New);
        var solutions = batch.Data.ToArray();

        // Expected: objective ranking, μ = 4, w_r ∝ ln(4.5) - ln r, θ ← θ + 1.0 (Σ w_r x_(r) - θ).
        var order = Enumerable.Range(0, 8).OrderByDescending(i => feedback.Candidates.Objectives.Span[i]).ThenBy(i => i).ToArray();
        double[] w = Enumerable.Range(1, 4).Select(r => Math.Log(4.5) - Math.Log(r)).ToArray();
        double total = w.Sum();
        var expected = new double[D];
        for (int r = 0; r < 4; r++)
            for (int e = 0; e < D; e++) expected[e] += w[r] / total * solutions[order[r] * D + e];

        emitter.Tell(feedback);
        Assert.Equal(4, emitter.LastParentCount);
        for (int e = 0; e < D; e++) Assert.Equal(expected[e], emitter.SolutionPoint[e], 12);
    }

    [Fact]
    public void Failed_candidates_never_become_parents_under_mu_selection()
    {
        var emitter = Emitter(Archive(), 3);
        TellJacobian(emitter, [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]);
        var batch = emitter.Ask();
        var plain = Feedback(batch, AddStatus.NotAdded);
        // Six of the eight failed: μ = λ/2 = 4 would take two of them.
        var failed = new[] { true, true, false, true, true, false, true, true };
        var feedback = new EmitterFeedback<double>(plain.Candidates, plain.Status, plain.Values, failed);

        emitter.Tell(feedback);
        Assert.Equal(2, emitter.LastParentCount);
    }

    [Fact]
    public void Filter_selection_with_nothing_added_keeps_the_point_and_restarts_on_no_improvement()
    {
        var archive = Archive();
        var emitter = Emitter(archive, 5, ranker: "2imp", selection: SelectionRule.Filter, restart: RestartRule.NoImprovement);
        TellJacobian(emitter, [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]);
        emitter.Tell(Feedback(emitter.Ask(), AddStatus.NotAdded));
        Assert.Equal(0, emitter.LastParentCount);
        Assert.Equal(1, emitter.Restarts);
        Assert.Equal([1.0, 2.0, 3.0, 4.0], emitter.SolutionPoint.ToArray()); // empty archive: back to x0
    }

    [Fact]
    public void Restart_moves_the_point_to_an_elite()
    {
        var archive = Archive();
        archive.Add(new CandidateBatch<double>(new SolutionBatch<double>(new[] { 0.5, 0.5, 0.5, 0.5 }, D), new[] { 1.0 }, new[] { 0.0, 0.0 }));
        var emitter = Emitter(archive, 5, ranker: "2imp", selection: SelectionRule.Filter, restart: RestartRule.NoImprovement);
        TellJacobian(emitter, [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]);
        emitter.Tell(Feedback(emitter.Ask(), AddStatus.NotAdded));
        Assert.Equal([0.5, 0.5, 0.5, 0.5], emitter.SolutionPoint.ToArray());
    }

    [Fact]
    public void Malformed_Jacobians_are_rejected_with_their_position()
    {
        var emitter = Emitter(Archive(), 1);
        var point = emitter.AskDqd();
        var feedback = new EmitterFeedback<double>(new CandidateBatch<double>(point, new double[1], new double[2]), new[] { AddStatus.New }, new double[1]);
        Assert.Equal("jacobians", Assert.Throws<ArgumentException>(() => emitter.TellDqd(feedback, new double[8])).ParamName);
        var bad = new double[12];
        bad[6] = double.NaN;
        Assert.Contains("row 1, element 2", Assert.Throws<ArgumentException>(() => emitter.TellDqd(feedback, bad)).Message);
    }

    [Fact]
    public void Default_batch_is_the_CMA_ES_population_for_the_coefficients()
    {
        var emitter = new GradientArborescenceEmitter(Archive(), new double[D], 1.0, 0.1, Ranker.Create("2imp"), new RandomSource(1));
        Assert.Equal(3, emitter.CoefficientCount);
        Assert.Equal(4 + (int)Math.Floor(3 * Math.Log(3)), emitter.BatchSize);
        Assert.Equal(AdamOptimizer.OptimizerName, emitter.Optimizer.Name);
        Assert.Equal(1, emitter.GradientBatchSize);
    }
}
