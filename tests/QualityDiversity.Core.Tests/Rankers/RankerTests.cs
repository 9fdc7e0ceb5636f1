using QualityDiversity.Archives;
using QualityDiversity.Emitters;
using QualityDiversity.Randomness;
using QualityDiversity.Rankers;
using QualityDiversity.Solutions;

namespace QualityDiversity.Core.Tests.Rankers;

public class RankerTests
{
    private const AddStatus N = AddStatus.New;
    private const AddStatus I = AddStatus.ImprovedExisting;
    private const AddStatus X = AddStatus.NotAdded;

    /// <summary>Feedback of 1-D solutions (the candidate's index) with the given outcome.</summary>
    private static EmitterFeedback<double> Feedback(double[] objectives, AddStatus[] status, double[] values, double[][]? measures = null)
    {
        int n = objectives.Length;
        measures ??= Enumerable.Range(0, n).Select(_ => new double[] { 0, 0 }).ToArray();
        var solutions = new SolutionBatch<double>(Enumerable.Range(0, n).Select(i => (double)i).ToArray(), 1);
        var batch = new CandidateBatch<double>(solutions, objectives, measures.SelectMany(m => m).ToArray());
        return new EmitterFeedback<double>(batch, status, values);
    }

    private static (int[] Ranking, double[] Values) Rank(IRanker ranker, EmitterFeedback<double> feedback)
    {
        var ranking = new int[feedback.Candidates.Count];
        var values = new double[feedback.Candidates.Count];
        ranker.Rank(feedback, ranking, values);
        return (ranking, values);
    }

    [Fact]
    public void Improvement_ranks_by_value_descending_with_ties_to_the_earlier_candidate()
    {
        var feedback = Feedback([0, 0, 0, 0, 0], [X, N, I, X, N], [1.0, 3.0, 1.0, -2.0, 3.0]);
        var (ranking, values) = Rank(new ImprovementRanker(), feedback);
        Assert.Equal([1, 4, 0, 2, 3], ranking);
        Assert.Equal([1.0, 3.0, 1.0, -2.0, 3.0], values);
    }

    [Fact]
    public void Two_stage_improvement_groups_new_then_improved_then_not_added()
    {
        // Values alone would rank 3 first; status groups come first.
        var feedback = Feedback([0, 0, 0, 0, 0, 0], [I, X, N, X, I, N], [5.0, 1.0, 0.5, 9.0, 5.0, 2.0]);
        var (ranking, values) = Rank(new TwoStageImprovementRanker(), feedback);
        Assert.Equal([5, 2, 0, 4, 3, 1], ranking);
        Assert.Equal([5.0, 1.0, 0.5, 9.0, 5.0, 2.0], values);
    }

    [Fact]
    public void Objective_rankers_use_objectives_and_two_stage_groups_by_status()
    {
        var feedback = Feedback([3.0, 7.0, 7.0, -1.0], [N, X, I, N], [0, 0, 0, 0]);
        Assert.Equal([1, 2, 0, 3], Rank(new ObjectiveRanker(), feedback).Ranking);
        Assert.Equal([0, 3, 2, 1], Rank(new TwoStageObjectiveRanker(), feedback).Ranking);
        Assert.Equal([3.0, 7.0, 7.0, -1.0], Rank(new TwoStageObjectiveRanker(), feedback).Values);
    }

    [Fact]
    public void All_equal_values_keep_candidate_order()
    {
        var feedback = Feedback([1, 1, 1, 1], [X, X, X, X], [0, 0, 0, 0]);
        foreach (string name in Ranker.KnownNames.Where(n => !n.EndsWith("rd")))
            Assert.Equal([0, 1, 2, 3], Rank(Ranker.Create(name), feedback).Ranking);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(33)]
    [InlineData(500)]
    public void Large_and_small_batches_match_a_stable_sort(int n)
    {
        var random = new RandomSource(n);
        // Few distinct values and statuses, so that there are many ties.
        var values = Enumerable.Range(0, n).Select(_ => (double)random.NextInt(5)).ToArray();
        var status = Enumerable.Range(0, n).Select(_ => (AddStatus)random.NextInt(3)).ToArray();
        var feedback = Feedback(new double[n], status, values);
        Assert.Equal(
            Enumerable.Range(0, n).OrderByDescending(i => values[i]).ToArray(),
            Rank(new ImprovementRanker(), feedback).Ranking);
        Assert.Equal(
            Enumerable.Range(0, n).OrderByDescending(i => (int)status[i]).ThenByDescending(i => values[i]).ToArray(),
            Rank(new TwoStageImprovementRanker(), feedback).Ranking);
    }

    [Fact]
    public void NaN_values_rank_last()
    {
        var feedback = Feedback([0, 0, 0], [X, X, X], [double.NaN, -5, 1]);
        Assert.Equal([2, 1, 0], Rank(new ImprovementRanker(), feedback).Ranking);
    }

    [Fact]
    public void Random_direction_ranks_by_projection_onto_a_unit_direction()
    {
        var archive = new GridArchive<double>(1, [10, 10], [(-1, 1), (-1, 1)]);
        var ranker = new RandomDirectionRanker();
        Assert.Throws<InvalidOperationException>(() => Rank(ranker, Feedback([0], [X], [0])));
        ranker.Reset(archive, new RandomSource(5));
        var direction = ranker.Direction.ToArray();
        Assert.Equal(2, direction.Length);
        Assert.Equal(1.0, Math.Sqrt(direction.Sum(v => v * v)), 12);

        double[][] measures = [[0.1, 0.9], [-0.5, 0.2], [0.7, -0.3], [0, 0]];
        var feedback = Feedback([0, 0, 0, 0], [N, X, I, X], [0, 0, 0, 0], measures);
        var (ranking, values) = Rank(ranker, feedback);
        var projections = measures.Select(m => m[0] * direction[0] + m[1] * direction[1]).ToArray();
        for (int i = 0; i < 4; i++) Assert.Equal(projections[i], values[i], 12);
        Assert.Equal(Enumerable.Range(0, 4).OrderByDescending(i => projections[i]).ToArray(), ranking);
    }

    [Fact]
    public void Two_stage_random_direction_groups_by_status_then_projection()
    {
        var archive = new GridArchive<double>(1, [10, 10], [(-1, 1), (-1, 1)]);
        var ranker = new TwoStageRandomDirectionRanker([1, 1]);
        ranker.Reset(archive, new RandomSource(9));
        var direction = ranker.Direction.ToArray();
        // Candidates 0-3 lie along the direction at increasing distances.
        double[][] measures = [.. new[] { 0.4, 0.1, 0.3, 0.2 }.Select(t => new[] { t * direction[0], t * direction[1] })];
        var feedback = Feedback([0, 0, 0, 0], [X, I, X, I], [0, 0, 0, 0], measures);
        Assert.Equal([3, 1, 0, 2], Rank(ranker, feedback).Ranking);
    }

    [Fact]
    public void Random_direction_is_deterministic_per_seed_scaled_by_archive_extent_and_checkpointed()
    {
        var archive = new GridArchive<double>(1, [10, 10], [(0, 100), (0, 1)]);
        var a = new RandomDirectionRanker();
        var b = new RandomDirectionRanker();
        a.Reset(archive, new RandomSource(3));
        b.Reset(archive, new RandomSource(3));
        Assert.Equal(a.Direction.ToArray(), b.Direction.ToArray());
        // Drawn as g ⊙ (upper - lower), then normalised: the wide first axis dominates.
        var g = new RandomSource(3);
        double g0 = g.NextGaussian() * 100, g1 = g.NextGaussian();
        double norm = Math.Sqrt(g0 * g0 + g1 * g1);
        Assert.Equal(g0 / norm, a.Direction[0], 14);
        Assert.Equal(g1 / norm, a.Direction[1], 14);

        b.Reset(archive, new RandomSource(4));
        Assert.NotEqual(a.Direction.ToArray(), b.Direction.ToArray());
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) a.WriteState(writer);
        stream.Position = 0;
        using (var reader = new BinaryReader(stream)) b.ReadState(reader);
        Assert.Equal(a.Direction.ToArray(), b.Direction.ToArray());
    }

    [Fact]
    public void Ranker_state_of_another_kind_is_rejected()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) new ImprovementRanker().WriteState(writer);
        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        Assert.Throws<InvalidDataException>(() => new TwoStageImprovementRanker().ReadState(reader));
    }

    [Theory]
    [InlineData("imp", typeof(ImprovementRanker))]
    [InlineData("2imp", typeof(TwoStageImprovementRanker))]
    [InlineData("rd", typeof(RandomDirectionRanker))]
    [InlineData("2rd", typeof(TwoStageRandomDirectionRanker))]
    [InlineData("obj", typeof(ObjectiveRanker))]
    [InlineData("2obj", typeof(TwoStageObjectiveRanker))]
    [InlineData("TwoStageImprovementRanker", typeof(TwoStageImprovementRanker))]
    [InlineData(" ObjectiveRanker ", typeof(ObjectiveRanker))]
    public void Factory_knows_short_and_pyribs_names(string name, Type type)
    {
        var ranker = Ranker.Create(name);
        Assert.IsType(type, ranker);
        Assert.Equal(ranker.Name.StartsWith('2'), ranker.IsTwoStage);
    }

    [Fact]
    public void Factory_error_lists_the_known_names()
    {
        var error = Assert.Throws<ArgumentException>(() => Ranker.Create("best"));
        foreach (string name in new[] { "imp", "2imp", "rd", "2rd", "obj", "2obj" }) Assert.Contains(name, error.Message);
        Assert.Contains("\"best\"", error.Message);
    }

    [Fact]
    public void Short_buffers_are_rejected()
    {
        var feedback = Feedback([0, 0, 0], [X, X, X], [0, 0, 0]);
        Assert.Throws<ArgumentException>(() => new ImprovementRanker().Rank(feedback, new int[2], new double[3]));
        Assert.Throws<ArgumentException>(() => new ImprovementRanker().Rank(feedback, new int[3], new double[2]));
    }
}
