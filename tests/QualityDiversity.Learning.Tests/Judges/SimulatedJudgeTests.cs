using QualityDiversity.Learning.Judges;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Learning.Measures;
using QualityDiversity.Randomness;

namespace QualityDiversity.Learning.Tests.Judges;

public class SimulatedJudgeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 6, 7, 8, 9, TimeSpan.Zero);

    // Ground truth: the first two features.
    private static void FirstTwo(JudgedItem item, Span<double> measures) => item.Features.AsSpan(0, 2).CopyTo(measures);

    private static Triplet[] RandomTriplets(int count, long seed)
    {
        var random = new RandomSource(seed);
        JudgedItem Item() => new([random.NextGaussian(), random.NextGaussian(), random.NextGaussian()]);
        return Enumerable.Range(0, count).Select(_ => new Triplet(Item(), Item(), Item())).ToArray();
    }

    private static TripletAnswer Expected(Triplet t)
    {
        double da = Math.Pow(t.A.Features[0] - t.Reference.Features[0], 2) + Math.Pow(t.A.Features[1] - t.Reference.Features[1], 2);
        double db = Math.Pow(t.B.Features[0] - t.Reference.Features[0], 2) + Math.Pow(t.B.Features[1] - t.Reference.Features[1], 2);
        return db < da ? TripletAnswer.B : TripletAnswer.A;
    }

    [Fact]
    public async Task Noise_free_judge_answers_the_nearer_candidate_in_ground_truth()
    {
        var clock = new FixedTimeProvider(T0);
        var judge = new SimulatedJudge(FirstTwo, measureDim: 2, timeProvider: clock);
        Triplet[] triplets = RandomTriplets(2_000, seed: 1);
        // The third feature is not ground truth: a candidate far away in it but near in the first two still wins.
        var decoy = new Triplet(new JudgedItem([0, 0, 0]), new JudgedItem([3, 0, 0]), new JudgedItem([1, 0, 100]));
        var tie = new Triplet(new JudgedItem([0, 0, 0]), new JudgedItem([1, 0, 5]), new JudgedItem([0, -1, 9]));
        Triplet[] all = [.. triplets, decoy, tie];

        IReadOnlyList<Judgment> judgments = await judge.JudgeAsync(all);

        Assert.Equal(all.Length, judgments.Count);
        Assert.Empty(JudgeAnswers.Declined(all, judgments));
        for (int i = 0; i < triplets.Length; i++) Assert.Equal(Expected(triplets[i]), judgments[i].Answer);
        Assert.Equal(TripletAnswer.B, judgments[^2].Answer);
        Assert.Equal(TripletAnswer.A, judgments[^1].Answer);
        Assert.All(judgments, j =>
        {
            Assert.Equal(JudgeKind.Simulated, j.JudgeKind);
            Assert.Equal("simulated", j.JudgeName);
            Assert.Equal(T0, j.AnsweredAt);
        });
        Assert.Equal(TripletAnswer.B, judge.TrueAnswer(decoy));
        Assert.Equal(JudgeKind.Simulated, judge.Kind);
        Assert.Equal(0.0, judge.NoiseRate);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.3)]
    public async Task Noisy_judge_flips_about_the_noise_rate_of_answers(double noiseRate)
    {
        const int N = 20_000;
        var judge = new SimulatedJudge(FirstTwo, 2, noiseRate, new RandomSource(42));
        Triplet[] triplets = RandomTriplets(N, seed: 2);

        IReadOnlyList<Judgment> judgments = await judge.JudgeAsync(triplets);

        int flipped = 0;
        for (int i = 0; i < N; i++) if (judgments[i].Answer != Expected(triplets[i])) flipped++;
        double rate = (double)flipped / N;
        double sigma = Math.Sqrt(noiseRate * (1 - noiseRate) / N);
        Assert.InRange(rate, noiseRate - 5 * sigma, noiseRate + 5 * sigma);
    }

    [Fact]
    public async Task Same_seed_gives_the_same_answers()
    {
        Triplet[] triplets = RandomTriplets(500, seed: 3);
        var first = await new SimulatedJudge(FirstTwo, 2, 0.25, new RandomSource(9)).JudgeAsync(triplets);
        var second = await new SimulatedJudge(FirstTwo, 2, 0.25, new RandomSource(9)).JudgeAsync(triplets);
        var other = await new SimulatedJudge(FirstTwo, 2, 0.25, new RandomSource(10)).JudgeAsync(triplets);

        Assert.Equal(first.Select(j => j.Answer), second.Select(j => j.Answer));
        Assert.NotEqual(first.Select(j => j.Answer), other.Select(j => j.Answer));
    }

    [Fact]
    public async Task A_question_asked_with_its_candidates_swapped_gets_the_swapped_answer_under_noise()
    {
        Triplet[] triplets = RandomTriplets(500, seed: 4);
        Triplet[] swapped = triplets.Select(t => new Triplet(t.Reference, t.B, t.A)).ToArray();
        var judge = new SimulatedJudge(FirstTwo, 2, 0.25, new RandomSource(9));
        var answers = await judge.JudgeAsync(triplets);
        var swappedAnswers = await judge.JudgeAsync(swapped);

        int flipped = 0;
        for (int i = 0; i < triplets.Length; i++)
        {
            Assert.NotEqual(answers[i].Answer, swappedAnswers[i].Answer);
            if (answers[i].Answer != Expected(triplets[i])) flipped++;
        }
        // Noise is at work: about a quarter of the answers are flipped.
        Assert.InRange(flipped, 90, 160);
    }

    [Theory]
    [InlineData(0.0, "simulated")]
    [InlineData(0.1, "simulated (10% noise)")]
    [InlineData(0.125, "simulated (12.5% noise)")]
    public void Name_reports_the_noise_rate(double noiseRate, string name)
    {
        var judge = new SimulatedJudge(FirstTwo, 2, noiseRate, new RandomSource(1));
        Assert.Equal(name, judge.Name);
        Assert.Equal(noiseRate, judge.NoiseRate);
        Assert.Equal("custom", new SimulatedJudge(FirstTwo, 2, noiseRate, new RandomSource(1), name: "custom").Name);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(0.5)]
    [InlineData(0.7)]
    [InlineData(double.NaN)]
    public void Noise_rate_outside_zero_to_half_is_rejected(double noiseRate)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedJudge(FirstTwo, 2, noiseRate, new RandomSource(1)));
        Assert.Equal("noiseRate", ex.ParamName);
        Assert.Contains("[0, 0.5)", ex.Message);
    }

    [Fact]
    public void Other_bad_arguments_are_rejected_with_their_names()
    {
        Assert.Equal("random", Assert.Throws<ArgumentNullException>(() => new SimulatedJudge(FirstTwo, 2, 0.1)).ParamName);
        Assert.Equal("measureDim", Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedJudge(FirstTwo, 0)).ParamName);
        Assert.Equal("groundTruth", Assert.Throws<ArgumentNullException>(() => new SimulatedJudge((GroundTruthMeasures)null!, 2)).ParamName);
        Assert.Equal("groundTruth", Assert.Throws<ArgumentNullException>(() => new SimulatedJudge((IMeasureModel)null!)).ParamName);
    }

    [Fact]
    public async Task Non_finite_ground_truth_is_an_error_naming_the_triplet()
    {
        var judge = new SimulatedJudge((item, m) => m.Fill(item.Features[0]), 1);
        Triplet[] triplets =
        [
            new(new JudgedItem([0.0]), new JudgedItem([1.0]), new JudgedItem([2.0])),
            new(new JudgedItem([0.0]), new JudgedItem([double.NaN]), new JudgedItem([2.0])),
        ];
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await judge.JudgeAsync(triplets));
        Assert.Contains("triplet 1", ex.Message);
    }

    [Fact]
    public async Task Model_ground_truth_projects_the_features()
    {
        // Ground truth is the sum of the features, so [0,1] (sum 1) is nearer [5,-5] (sum 0) than [3,3] (sum 6).
        var judge = new SimulatedJudge(new SumModel());
        var triplet = new Triplet(new JudgedItem([5.0, -5.0]), new JudgedItem([3.0, 3.0]), new JudgedItem([0.0, 1.0]));
        Assert.Equal(TripletAnswer.B, (await judge.JudgeAsync([triplet]))[0].Answer);
        Assert.Equal(1, judge.MeasureDim);
    }

    [Fact]
    public async Task Cancelled_token_stops_the_judge()
    {
        var judge = new SimulatedJudge(FirstTwo, 2);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await judge.JudgeAsync(RandomTriplets(10, 1), cts.Token));
    }

    private sealed class SumModel : IMeasureModel
    {
        public int FeatureDim => 2;

        public int MeasureDim => 1;

        public void Project(ReadOnlySpan<double> features, Span<double> measures)
        {
            for (int r = 0; r < measures.Length; r++) measures[r] = features[2 * r] + features[2 * r + 1];
        }
    }
}
