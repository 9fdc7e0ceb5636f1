using QualityDiversity.Learning.Judges;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Learning.Measures;
using QualityDiversity.Learning.Search;
using QualityDiversity.Randomness;

namespace QualityDiversity.Learning.Tests.Search;

public class JudgmentMeasureSpaceTests
{
    /// <summary>Records what it is trained on and answers with the ground-truth end-effector map.</summary>
    private sealed class RecordingLearner : IJudgmentMeasureLearner
    {
        public List<int> TrainedOn { get; } = [];
        public List<IReadOnlyList<Judgment>> Calls { get; } = [];

        public MeasureFit Fit(IReadOnlyList<Judgment> judgments, RandomSource random, CancellationToken cancellationToken = default)
        {
            TrainedOn.Add(judgments.Count);
            Calls.Add(judgments.ToArray());
            return new MeasureFit(new EndEffectorModel(), 1, 1.0, null);
        }
    }

    private sealed class EndEffectorModel : IMeasureModel
    {
        public int FeatureDim => ArmSearchFixture.Task.FeatureDim;
        public int MeasureDim => 2;
        public void Project(ReadOnlySpan<double> features, Span<double> measures) => ArmSearchFixture.EndEffector(features, measures);
    }

    private static SimulatedJudge Judge() => new((item, measures) => ArmSearchFixture.EndEffector(item.Features, measures), 2);

    [Fact]
    public async Task First_update_asks_about_fresh_candidates_later_ones_about_elites_and_every_fit_sees_all_judgments()
    {
        var learner = new RecordingLearner();
        var persisted = new List<Judgment>();
        var space = new JudgmentMeasureSpace<double>("QDHF", Judge(), learner, 2, [25], onJudged: persisted.AddRange);
        var settings = ArmSearchFixture.Settings(space, new MeasureUpdateSchedule([1, 6, 11]), iterations: 15);
        var scorer = ArmSearchFixture.Scorer(5, 15);
        var search = new LearnedMeasureSearch<double>(settings);
        search.Observers.Add(scorer);

        await search.StepAsync();
        var initialPopulation = QualityDiversity.Archives.Rebuild.MeasureSpaceRebuilder.EliteBatch(search.Archive!);
        for (int i = 1; i < 10; i++) await search.StepAsync();
        var elitesAtEleven = QualityDiversity.Archives.Rebuild.MeasureSpaceRebuilder.EliteBatch(search.Archive!);
        for (int i = 10; i < 15; i++) await search.StepAsync();

        Assert.Equal([25, 50, 75], learner.TrainedOn);
        Assert.Equal(75, persisted.Count);
        Assert.Equal(75, space.Judgments.Count);
        Assert.Equal([25, 25, 25], scorer.Updates.Select(u => u.NewJudgments));
        Assert.Equal([25, 50, 75], scorer.Updates.Select(u => u.TotalJudgments));

        // First batch: 75 distinct fresh solutions, none of them from the initial population.
        var firstItems = learner.Calls[0].SelectMany(j => new[] { j.Reference, j.A, j.B }).Select(i => i.Solution!).ToArray();
        Assert.Equal(75, firstItems.Select(s => string.Join(',', s)).Distinct().Count());
        var populationRows = Enumerable.Range(0, initialPopulation.Count).Select(i => string.Join(',', initialPopulation.Solutions.Row(i).ToArray())).ToHashSet();
        Assert.DoesNotContain(firstItems, s => populationRows.Contains(string.Join(',', s)));

        // Third batch: every item is an elite of the archive at iteration 11.
        var eliteRows = Enumerable.Range(0, elitesAtEleven.Count).Select(i => string.Join(',', elitesAtEleven.Solutions.Row(i).ToArray())).ToHashSet();
        var thirdItems = learner.Calls[2].Skip(50).SelectMany(j => new[] { j.Reference, j.A, j.B });
        Assert.All(thirdItems, item => Assert.Contains(string.Join(',', item.Solution!), eliteRows));

        // The simulated judge answered from the ground truth.
        Assert.All(space.Judgments, j => Assert.Equal(Judge().TrueAnswer(Triplet.Of(j)), j.Answer));
    }

    [Fact]
    public async Task Prior_judgments_are_trained_on_without_being_asked_again()
    {
        var learner = new RecordingLearner();
        var first = new JudgmentMeasureSpace<double>("QDHF", Judge(), learner, 2, [10]);
        await new LearnedMeasureSearch<double>(ArmSearchFixture.Settings(first, MeasureUpdateSchedule.Once, 1)).RunAsync();

        var second = new JudgmentMeasureSpace<double>("QDHF", Judge(), learner, 2, [0], priorJudgments: first.Judgments);
        await new LearnedMeasureSearch<double>(ArmSearchFixture.Settings(second, MeasureUpdateSchedule.Once, 1)).RunAsync();

        Assert.Equal([10, 10], learner.TrainedOn);
        Assert.Equal(first.Judgments, learner.Calls[1]);
    }
}
