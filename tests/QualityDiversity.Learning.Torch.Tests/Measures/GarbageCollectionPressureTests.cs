using QualityDiversity.Learning.Measures;
using QualityDiversity.Learning.Measures.Torch;
using QualityDiversity.Randomness;
using Xunit.Abstractions;

namespace QualityDiversity.Learning.Torch.Tests.Measures;

/// <summary>Runs its tests alone: their collections would slow every other test and disturb its torch calls.</summary>
[CollectionDefinition(nameof(GarbageCollectionPressure), DisableParallelization = true)]
public sealed class GarbageCollectionPressure;

/// <summary>
/// Fits while another thread forces garbage collections and runs finalizers without pause, as
/// searches running beside a fit do by allocating. A torch argument (tensor or scalar) that nothing
/// keeps reachable while torch still reads it is then finalized, and its native object freed, during
/// the native call: torch throws (for a scalar typically "Expected false to be true" from
/// <c>Scalar.h</c>) or computes with garbage. Each fit is repeated so that such a window is hit.
/// </summary>
[Collection(nameof(GarbageCollectionPressure))]
public class GarbageCollectionPressureTests(ITestOutputHelper output)
{
    private static readonly SimulatedTriplets Task = new(featureDim: 20, measureDim: 2, seed: 41);

    private static double[] Points(int dim, int rows, ulong seed)
    {
        var points = new double[rows * dim];
        new RandomSource(seed).FillUniform(points, -1, 1);
        return points;
    }

    private static double[] Project(IMeasureModel model, double[] points)
    {
        var measures = new double[points.Length / model.FeatureDim * model.MeasureDim];
        model.Project(points, measures);
        return measures;
    }

    // Fits once undisturbed, then `repeats` times while a second thread collects young garbage and
    // runs finalizers in a loop (young collections are cheap, so they come often and catch the
    // short-lived scalars); every disturbed fit must equal the undisturbed one. The undisturbed fit
    // also gets TorchSharp's wrappers optimised by the JIT: only optimised code lets an argument die
    // as soon as its handle has been read.
    private void FitUnderCollections(Func<MeasureFit> fit, double[] points, int repeats)
    {
        var quiet = fit();
        var expected = Project(quiet.Model, points);
        using var stop = new CancellationTokenSource();
        long collections = 0;
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect(0, GCCollectionMode.Forced, blocking: true);
                GC.WaitForPendingFinalizers();
                collections++;
            }
        }) { IsBackground = true, Name = "collector" };
        collector.Start();
        try
        {
            for (int i = 0; i < repeats; i++)
            {
                var disturbed = fit();
                Assert.Equal(quiet.Epochs, disturbed.Epochs);
                Assert.Equal(quiet.ValidationAccuracy, disturbed.ValidationAccuracy);
                Assert.Equal(quiet.ValidationLoss, disturbed.ValidationLoss);
                Assert.Equal(expected, Project(disturbed.Model, points));
            }
        }
        finally
        {
            stop.Cancel();
            collector.Join();
            output.WriteLine($"{collections} forced collections during {repeats} fits of {quiet.Epochs} epochs");
        }
    }

    [Fact]
    public void Triplet_fits_survive_collections_on_another_thread_and_match_an_undisturbed_fit()
    {
        var judgments = Task.Judgments(400, new RandomSource(42));
        var learner = new TripletProjectionLearner(new TripletProjectionOptions { MaxEpochs = 60, HiddenSizes = [16], BatchSize = 8 });
        FitUnderCollections(() => learner.Fit(judgments, new RandomSource(44)), Points(Task.FeatureDim, 30, 43), repeats: 4);
    }

    [Fact]
    public void Autoencoder_fits_survive_collections_on_another_thread_and_match_an_undisturbed_fit()
    {
        const int dim = 10;
        var features = Points(dim, 300, 45);
        var learner = new AutoencoderLearner(new AutoencoderOptions { MaxEpochs = 40, BatchSize = 4 });
        FitUnderCollections(() => learner.Fit(features, dim, new RandomSource(49)), Points(dim, 30, 48), repeats: 4);
    }
}
