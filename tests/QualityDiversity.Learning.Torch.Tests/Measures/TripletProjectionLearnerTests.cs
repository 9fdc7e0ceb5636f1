using System.Diagnostics;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Learning.Measures;
using QualityDiversity.Learning.Measures.Torch;
using QualityDiversity.Randomness;
using Xunit.Abstractions;

namespace QualityDiversity.Learning.Torch.Tests.Measures;

public class TripletProjectionLearnerTests(ITestOutputHelper output)
{
    private static readonly SimulatedTriplets Task = new(featureDim: 20, measureDim: 2, seed: 7);

    // Share of fresh triplets whose answer the model's projection reproduces.
    private static double TestAccuracy(IMeasureModel model, int count, ulong seed)
    {
        var random = new RandomSource(seed);
        int right = 0;
        var features = new double[3 * Task.FeatureDim];
        var measures = new double[3 * model.MeasureDim];
        foreach (var judgment in Task.Judgments(count, random))
        {
            judgment.Reference.Features.CopyTo(features, 0);
            judgment.A.Features.CopyTo(features, Task.FeatureDim);
            judgment.B.Features.CopyTo(features, 2 * Task.FeatureDim);
            model.Project(features, measures);
            int k = model.MeasureDim;
            double toA = SimulatedTriplets.SquaredDistance(measures.AsSpan(0, k), measures.AsSpan(k, k));
            double toB = SimulatedTriplets.SquaredDistance(measures.AsSpan(0, k), measures.AsSpan(2 * k, k));
            var predicted = toA <= toB ? TripletAnswer.A : TripletAnswer.B;
            if (predicted == judgment.Answer) right++;
        }
        return (double)right / count;
    }

    [Fact]
    public void Linear_projection_recovers_a_hidden_linear_measure()
    {
        var judgments = Task.Judgments(1000, new RandomSource(1));
        var learner = new TripletProjectionLearner();

        var watch = Stopwatch.StartNew();
        var result = learner.FitWithHistory(judgments, new RandomSource(2));
        output.WriteLine($"linear fit: {watch.ElapsedMilliseconds} ms, {result.Fit.Epochs} epochs, validation accuracy {result.Fit.ValidationAccuracy:F3}");

        Assert.Equal(750, result.TrainingTriplets);
        Assert.Equal(result.Fit.Epochs, result.ValidationAccuracies.Count);
        Assert.InRange(result.Fit.Epochs, 12, 1000);
        Assert.True(result.Fit.ValidationAccuracy >= 0.9, $"validation accuracy {result.Fit.ValidationAccuracy}");
        Assert.Equal(result.ValidationAccuracies[^1], result.Fit.ValidationAccuracy);
        Assert.Same(result.Model, result.Fit.Model);
        Assert.Equal(20, result.Model.FeatureDim);
        Assert.Equal(2, result.Model.MeasureDim);
        Assert.Single(result.Model.Layers);

        double test = TestAccuracy(result.Fit.Model, 2000, seed: 3);
        output.WriteLine($"test accuracy {test:F3}");
        Assert.True(test >= 0.9, $"test accuracy {test}");
    }

    [Fact]
    public void Mlp_projection_also_learns()
    {
        var judgments = Task.Judgments(1000, new RandomSource(11));
        var learner = new TripletProjectionLearner(new TripletProjectionOptions { HiddenSizes = [32] });

        var watch = Stopwatch.StartNew();
        var fit = learner.Fit(judgments, new RandomSource(12));
        output.WriteLine($"MLP fit: {watch.ElapsedMilliseconds} ms, {fit.Epochs} epochs, validation accuracy {fit.ValidationAccuracy:F3}");

        var model = Assert.IsType<DenseMeasureModel>(fit.Model);
        Assert.Equal(2, model.Layers.Count);
        Assert.Equal(32, model.Layers[0].Outputs);
        Assert.True(fit.ValidationAccuracy >= 0.85, $"validation accuracy {fit.ValidationAccuracy}");
        double test = TestAccuracy(fit.Model, 2000, seed: 13);
        output.WriteLine($"MLP test accuracy {test:F3}");
        Assert.True(test >= 0.85, $"test accuracy {test}");
    }

    [Fact]
    public void Same_seed_gives_identical_models_and_another_seed_does_not()
    {
        var judgments = Task.Judgments(200, new RandomSource(21));
        var options = new TripletProjectionOptions { MaxEpochs = 15, HiddenSizes = [8] };
        var first = new TripletProjectionLearner(options).Fit(judgments, new RandomSource(5));
        var second = new TripletProjectionLearner(options).Fit(judgments, new RandomSource(5));
        var other = new TripletProjectionLearner(options).Fit(judgments, new RandomSource(6));

        var points = new double[50 * Task.FeatureDim];
        new RandomSource(9).FillUniform(points, -1, 1);
        double[] Project(IMeasureModel m)
        {
            var measures = new double[50 * m.MeasureDim];
            m.Project(points, measures);
            return measures;
        }

        Assert.Equal(first.Epochs, second.Epochs);
        Assert.Equal(first.ValidationAccuracy, second.ValidationAccuracy);
        Assert.Equal(Project(first.Model), Project(second.Model));
        Assert.NotEqual(Project(first.Model), Project(other.Model));
    }

    [Fact]
    public async Task Fits_started_on_several_threads_at_once_all_succeed_and_match_their_sequential_results()
    {
        var judgments = Task.Judgments(300, new RandomSource(31));
        // Enough rows that torch would split the autoencoder's products over two threads on a fit
        // thread left at the default count: overlapping fits must each set their own thread's count.
        var autoencoderData = new double[5000 * Task.FeatureDim];
        new RandomSource(32).FillUniform(autoencoderData, -1, 1);
        var tripletOptions = new TripletProjectionOptions { MaxEpochs = 20 };
        var autoencoderOptions = new AutoencoderOptions { MaxEpochs = 3 };
        var points = new double[20 * Task.FeatureDim];
        new RandomSource(33).FillUniform(points, -1, 1);
        double[] Project(IMeasureModel m)
        {
            var measures = new double[20 * m.MeasureDim];
            m.Project(points, measures);
            return measures;
        }
        double[] Triplet(ulong seed) => Project(new TripletProjectionLearner(tripletOptions).Fit(judgments, new RandomSource(seed)).Model);
        double[] Autoencoder(ulong seed) => Project(new AutoencoderLearner(autoencoderOptions).Fit(autoencoderData, Task.FeatureDim, new RandomSource(seed)).Model);

        var sequential = new[] { Triplet(1), Autoencoder(2), Triplet(3), Autoencoder(4) };
        var concurrent = await System.Threading.Tasks.Task.WhenAll(
            System.Threading.Tasks.Task.Run(() => Triplet(1)), System.Threading.Tasks.Task.Run(() => Autoencoder(2)),
            System.Threading.Tasks.Task.Run(() => Triplet(3)), System.Threading.Tasks.Task.Run(() => Autoencoder(4)));

        for (int i = 0; i < sequential.Length; i++) Assert.Equal(sequential[i], concurrent[i]);
    }

    // Validation answers opposite to the training answers: the better the fit, the lower the validation
    // accuracy, so it falls from the first epoch on and the protocol rule stops as early as it can.
    private static List<Judgment> ContradictedValidation(int count)
    {
        var judgments = Task.Judgments(count, new RandomSource(41));
        for (int i = count * 3 / 4; i < count; i++)
            judgments[i] = judgments[i] with { Answer = judgments[i].Answer == TripletAnswer.A ? TripletAnswer.B : TripletAnswer.A };
        return judgments;
    }

    [Fact]
    public void Protocol_rule_stops_no_earlier_than_the_reference_after_twelve_epochs()
    {
        var judgments = ContradictedValidation(400);
        var result = new TripletProjectionLearner(new TripletProjectionOptions { LearningRate = 0.05 }).FitWithHistory(judgments, new RandomSource(3));
        var accuracies = result.ValidationAccuracies;
        output.WriteLine(string.Join(" ", accuracies.Select(a => a.ToString("F3"))));

        // The window test already holds after 11 epochs (accuracy 11 below accuracy 1), where the reference does not check yet.
        Assert.True(accuracies[10] < accuracies[0], $"accuracy after 11 epochs {accuracies[10]} not below the first {accuracies[0]}");
        Assert.Equal(12, result.Fit.Epochs);
        Assert.Equal(accuracies[^1], result.Fit.ValidationAccuracy);
    }

    [Fact]
    public void Best_validation_rule_keeps_the_best_epoch_and_stops_after_the_patience_window()
    {
        var judgments = ContradictedValidation(400);
        var options = new TripletProjectionOptions { LearningRate = 0.05, Fit = TripletFitRule.BestValidation, Patience = 7 };
        var result = new TripletProjectionLearner(options).FitWithHistory(judgments, new RandomSource(3));
        var accuracies = result.ValidationAccuracies;
        int best = accuracies.ToList().IndexOf(accuracies.Max());

        Assert.Equal(best + 1 + 7, result.Fit.Epochs);
        Assert.Equal(accuracies.Max(), result.Fit.ValidationAccuracy);
        Assert.True(accuracies[^1] < result.Fit.ValidationAccuracy, "the last epoch should be worse than the kept one on this set");

        // The kept model reproduces the best epoch's validation accuracy on the validation triplets.
        int right = 0;
        var features = new double[3 * Task.FeatureDim];
        var measures = new double[6];
        for (int i = result.TrainingTriplets; i < judgments.Count; i++)
        {
            judgments[i].Reference.Features.CopyTo(features, 0);
            judgments[i].A.Features.CopyTo(features, Task.FeatureDim);
            judgments[i].B.Features.CopyTo(features, 2 * Task.FeatureDim);
            result.Model.Project(features, measures);
            double toA = SimulatedTriplets.SquaredDistance(measures.AsSpan(0, 2), measures.AsSpan(2, 2));
            double toB = SimulatedTriplets.SquaredDistance(measures.AsSpan(0, 2), measures.AsSpan(4, 2));
            if ((toA < toB ? TripletAnswer.A : TripletAnswer.B) == judgments[i].Answer) right++;
        }
        Assert.Equal(result.Fit.ValidationAccuracy!.Value, (double)right / (judgments.Count - result.TrainingTriplets), 3);
    }

    [Fact]
    public void Best_validation_rule_on_clean_data_is_at_least_as_accurate_as_the_protocol_rule()
    {
        var judgments = Task.Judgments(1000, new RandomSource(1));
        var protocol = new TripletProjectionLearner().FitWithHistory(judgments, new RandomSource(2));
        var best = new TripletProjectionLearner(new TripletProjectionOptions { Fit = TripletFitRule.BestValidation }).FitWithHistory(judgments, new RandomSource(2));
        output.WriteLine($"protocol: {protocol.Fit.Epochs} epochs, {protocol.Fit.ValidationAccuracy:F3}; best validation: {best.Fit.Epochs} epochs, {best.Fit.ValidationAccuracy:F3}");

        // Same seed, same batches: the first epochs coincide, and the best rule trains at least as long.
        Assert.Equal(protocol.ValidationAccuracies.Take(12), best.ValidationAccuracies.Take(12));
        Assert.True(best.Fit.ValidationAccuracy >= protocol.ValidationAccuracies.Max());
    }

    [Fact]
    public void Fit_rule_names_round_trip_and_unknown_ones_are_refused()
    {
        foreach (var rule in Enum.GetValues<TripletFitRule>())
        {
            Assert.True(TripletFitRuleNames.TryParse(TripletFitRuleNames.Name(rule).ToUpperInvariant(), out var parsed));
            Assert.Equal(rule, parsed);
        }
        Assert.Equal(TripletFitRule.BestValidation, TripletFitRuleNames.TryParse("best_validation", out var named) ? named : TripletFitRule.Protocol);
        Assert.False(TripletFitRuleNames.TryParse("best", out _));
        Assert.False(TripletFitRuleNames.TryParse(null, out _));
    }

    [Fact]
    public void Empty_judgments_are_rejected()
    {
        var learner = new TripletProjectionLearner();
        var e = Assert.Throws<ArgumentException>(() => learner.Fit([], new RandomSource(1)));
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void Mismatched_feature_lengths_are_rejected_with_the_judgment_and_item()
    {
        var judgments = Task.Judgments(5, new RandomSource(1));
        judgments[3] = judgments[3] with { B = new JudgedItem(new double[19]) };
        var e = Assert.Throws<ArgumentException>(() => new TripletProjectionLearner().Fit(judgments, new RandomSource(1)));
        Assert.Contains("Judgment 3's B has 19 features", e.Message);
        Assert.Contains("20", e.Message);
    }

    [Fact]
    public void Non_finite_features_are_rejected()
    {
        var judgments = Task.Judgments(5, new RandomSource(1));
        var features = (double[])judgments[2].Reference.Features.Clone();
        features[4] = double.NaN;
        judgments[2] = judgments[2] with { Reference = new JudgedItem(features) };
        var e = Assert.Throws<ArgumentException>(() => new TripletProjectionLearner().Fit(judgments, new RandomSource(1)));
        Assert.Contains("Judgment 2's reference feature 4 is not finite", e.Message);
    }

    [Fact]
    public void Out_of_range_options_name_the_setting()
    {
        var e = Assert.Throws<ArgumentException>(() => new TripletProjectionLearner(new TripletProjectionOptions { TrainFraction = 1 }));
        Assert.Contains(nameof(TripletProjectionOptions.TrainFraction), e.Message);
        e = Assert.Throws<ArgumentException>(() => new TripletProjectionLearner(new TripletProjectionOptions { HiddenSizes = [4, 0] }));
        Assert.Contains("HiddenSizes[1]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new TripletProjectionLearner(new TripletProjectionOptions { Patience = 0 }));
        Assert.Contains(nameof(TripletProjectionOptions.Patience), e.Message);
        e = Assert.Throws<ArgumentException>(() => new TripletProjectionLearner(new TripletProjectionOptions { Fit = (TripletFitRule)7 }));
        Assert.Contains(nameof(TripletProjectionOptions.Fit), e.Message);
    }

    [Fact]
    public void Cancellation_stops_the_fit()
    {
        var judgments = Task.Judgments(100, new RandomSource(1));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => new TripletProjectionLearner().Fit(judgments, new RandomSource(1), cancelled.Token));
    }
}
