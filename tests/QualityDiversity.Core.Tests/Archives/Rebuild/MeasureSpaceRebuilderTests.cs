using QualityDiversity.Archives;
using QualityDiversity.Archives.Rebuild;
using QualityDiversity.Randomness;
using QualityDiversity.Solutions;

namespace QualityDiversity.Core.Tests.Archives.Rebuild;

public class MeasureSpaceRebuilderTests
{
    private const int FeatureDim = 3;

    // Old space: measures = features 0 and 1. New space: measures = (f2, f0 + f1).
    private static void NewSpace(ReadOnlySpan<double> features, Span<double> measures)
    {
        int rows = features.Length / FeatureDim;
        for (int i = 0; i < rows; i++)
        {
            measures[2 * i] = features[i * FeatureDim + 2];
            measures[2 * i + 1] = features[i * FeatureDim] + features[i * FeatureDim + 1];
        }
    }

    private static GridArchive<double> Grid(IReadOnlyList<(double Lower, double Upper)> bounds, int bins = 10) =>
        new(1, [bins, bins], bounds, new ArchiveOptions<double> { FeatureDim = FeatureDim });

    private static GridArchive<double> FilledSource(int candidates, ulong seed)
    {
        var random = new RandomSource(seed);
        var source = Grid([(0, 1), (0, 1)], bins: 20);
        var solutions = new double[candidates];
        var objectives = new double[candidates];
        var measures = new double[candidates * 2];
        var features = new double[candidates * FeatureDim];
        for (int i = 0; i < candidates; i++)
        {
            solutions[i] = i;
            objectives[i] = random.NextDouble(0, 100);
            for (int f = 0; f < FeatureDim; f++) features[i * FeatureDim + f] = random.NextDouble();
            measures[2 * i] = features[i * FeatureDim];
            measures[2 * i + 1] = features[i * FeatureDim + 1];
        }
        source.Add(new CandidateBatch<double>(new SolutionBatch<double>(solutions, 1), objectives, measures, features));
        return source;
    }

    [Fact]
    public void Every_elite_whose_new_cell_is_its_own_survives_and_collisions_keep_the_best()
    {
        var source = FilledSource(300, seed: 4);
        var elites = MeasureSpaceRebuilder.EliteBatch(source);

        var rebuild = MeasureSpaceRebuilder.Rebuild(source, 2, NewSpace, bounds => Grid(bounds));

        Assert.Equal(source.Count, rebuild.Offered);
        // Group the old elites by the cell their new measures fall in: each group must leave
        // exactly its best member, so nothing that still fits is lost.
        var expected = new Dictionary<int, (double Objective, double Solution)>();
        for (int i = 0; i < elites.Count; i++)
        {
            int cell = ((GridArchive<double>)rebuild.Archive).CellOf(rebuild.Measures.AsSpan(2 * i, 2));
            double objective = elites.Objectives.Span[i];
            if (!expected.TryGetValue(cell, out var best) || objective > best.Objective)
                expected[cell] = (objective, elites.Solutions.Row(i)[0]);
        }
        Assert.Equal(expected.Count, rebuild.Archive.Count);
        Assert.Equal(source.Count - expected.Count, rebuild.Displaced);
        foreach (var (cell, best) in expected)
        {
            var store = rebuild.Archive.Store;
            int slot = rebuild.Archive.FindSlot(rebuild.Measures.AsSpan(2 * Array.IndexOf(elites.Solutions.Data.ToArray(), best.Solution), 2));
            Assert.Equal(best.Objective, store.Objective(slot));
            Assert.Equal(best.Solution, store.Solution(slot)[0]);
        }
    }

    [Fact]
    public void Reinserted_elites_keep_their_features_and_get_new_measures()
    {
        var source = FilledSource(50, seed: 5);
        var rebuild = MeasureSpaceRebuilder.Rebuild(source, 2, NewSpace, bounds => Grid(bounds, bins: 200));
        var store = rebuild.Archive.Store;
        Assert.Equal(source.Count, rebuild.Archive.Count);
        Span<double> expected = stackalloc double[2];
        foreach (int slot in store.OccupiedSlots)
        {
            NewSpace(store.Features(slot), expected);
            Assert.Equal(expected.ToArray(), store.Measures(slot).ToArray());
        }
    }

    [Fact]
    public void Bounds_are_the_min_and_max_of_the_new_measures()
    {
        var source = FilledSource(200, seed: 6);
        var rebuild = MeasureSpaceRebuilder.Rebuild(source, 2, NewSpace, bounds => Grid(bounds));
        for (int d = 0; d < 2; d++)
        {
            var column = Enumerable.Range(0, rebuild.Offered).Select(i => rebuild.Measures[2 * i + d]).ToArray();
            Assert.Equal(column.Min(), rebuild.Bounds[d].Lower);
            Assert.Equal(column.Max(), rebuild.Bounds[d].Upper);
        }
    }

    [Fact]
    public void Quantile_bounds_with_margin_and_degenerate_dimensions()
    {
        double[] measures = [0, 7, 1, 7, 2, 7, 3, 7, 4, 7]; // dim 0: 0..4, dim 1: constant 7
        var rule = new MeasureBoundsRule { LowerQuantile = 0.25, UpperQuantile = 0.75, Margin = 0.5 };
        var bounds = rule.BoundsOf(measures, 2);
        Assert.Equal((0.0, 4.0), bounds[0]); // quartiles 1 and 3, widened by half the span each side
        Assert.Equal((6.5, 7.5), bounds[1]);
    }

    [Theory]
    [InlineData(0.5, 0.5)]
    [InlineData(-0.1, 1.0)]
    [InlineData(0.0, 1.1)]
    public void Invalid_bound_quantiles_are_rejected_with_their_values(double lower, double upper)
    {
        var rule = new MeasureBoundsRule { LowerQuantile = lower, UpperQuantile = upper };
        var error = Assert.Throws<ArgumentException>(() => rule.BoundsOf([1.0, 2.0], 1));
        Assert.Contains("quantiles", error.Message);
    }

    [Fact]
    public void An_archive_without_features_or_a_non_finite_map_is_rejected_before_anything_is_built()
    {
        var noFeatures = new GridArchive<double>(1, [4, 4], [(0, 1), (0, 1)]);
        noFeatures.Add(new CandidateBatch<double>(new SolutionBatch<double>(new double[] { 1 }, 1), new double[] { 1 }, new double[] { 0.5, 0.5 }));
        Assert.Contains("features", Assert.Throws<ArgumentException>(() =>
            MeasureSpaceRebuilder.Rebuild(noFeatures, 2, NewSpace, bounds => Grid(bounds))).Message);

        var source = FilledSource(10, seed: 7);
        int built = 0;
        var error = Assert.Throws<ArgumentException>(() => MeasureSpaceRebuilder.Rebuild(source, 2,
            (f, m) => m.Fill(double.NaN), bounds => { built++; return Grid(bounds); }));
        Assert.Contains("NaN", error.Message);
        Assert.Equal(0, built);
        Assert.Equal(10, source.Count);
    }
}
