using QualityDiversity.Randomness;
using QualityDiversity.Spatial;

namespace QualityDiversity.Core.Tests.Archives;

public class KdTreeTests
{
    // Brute force with the same distance arithmetic; strict "<" keeps the lowest index on ties.
    private static int BruteNearest(double[] points, int d, ReadOnlySpan<double> q)
    {
        int best = -1;
        double bestDist = double.PositiveInfinity;
        for (int i = 0; i < points.Length / d; i++)
        {
            double dist = Dist(points, d, i, q);
            if (dist < bestDist) { bestDist = dist; best = i; }
        }
        return best;
    }

    private static double Dist(double[] points, int d, int i, ReadOnlySpan<double> q)
    {
        double sum = 0;
        for (int j = 0; j < d; j++) { double t = q[j] - points[i * d + j]; sum += t * t; }
        return sum;
    }

    private static int[] BruteNearestK(double[] points, int d, ReadOnlySpan<double> q, int k)
    {
        var query = q.ToArray();
        return Enumerable.Range(0, points.Length / d)
            .OrderBy(i => Dist(points, d, i, query)).ThenBy(i => i)
            .Take(k).ToArray();
    }

    // Random points with many exact duplicates and, on a coarse lattice, many distance ties.
    private static double[] PointsWithDuplicates(int count, int d, RandomSource random, bool lattice)
    {
        var points = new double[count * d];
        for (int i = 0; i < count; i++)
        {
            if (i > 0 && random.NextDouble() < 0.25)
            {
                int source = random.NextInt(i);
                Array.Copy(points, source * d, points, i * d, d);
                continue;
            }
            for (int j = 0; j < d; j++)
                points[i * d + j] = lattice ? random.NextInt(7) : random.NextDouble(-1, 1);
        }
        return points;
    }

    [Theory]
    [InlineData(1, false, 8)]
    [InlineData(1, true, 1)]
    [InlineData(2, false, 8)]
    [InlineData(2, true, 1)]
    [InlineData(2, true, 8)]
    [InlineData(5, false, 8)]
    [InlineData(5, true, 3)]
    public void Nearest_equals_brute_force_including_duplicates_and_ties(int d, bool lattice, int leafSize)
    {
        var random = new RandomSource(1000 + d * 10 + leafSize + (lattice ? 1 : 0));
        var points = PointsWithDuplicates(1500, d, random, lattice);
        var tree = new KdTree(points, d, leafSize);
        Assert.Equal(1500, tree.Count);

        var query = new double[d];
        for (int t = 0; t < 2000; t++)
        {
            if (t % 5 == 0) Array.Copy(points, random.NextInt(1500) * d, query, 0, d); // exactly on a point
            else for (int j = 0; j < d; j++) query[j] = lattice ? random.NextInt(9) - 1 + 0.5 * random.NextInt(2) : random.NextDouble(-1.3, 1.3);
            int expected = BruteNearest(points, d, query);
            Assert.Equal(expected, tree.Nearest(query, out double distSq));
            Assert.Equal(Dist(points, d, expected, query), distSq);
            // Any hint gives the same exact answer.
            Assert.Equal(expected, tree.Nearest(query, random.NextInt(1500), out _));
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 5)]
    [InlineData(2, 15)]
    [InlineData(5, 15)]
    public void NearestK_equals_brute_force_order(int d, int k)
    {
        var random = new RandomSource(77 + d + k);
        var points = PointsWithDuplicates(800, d, random, lattice: d == 2);
        var tree = new KdTree(points, d);
        var ids = new int[k];
        var dists = new double[k];
        var query = new double[d];
        for (int t = 0; t < 500; t++)
        {
            for (int j = 0; j < d; j++) query[j] = d == 2 ? random.NextInt(8) - 0.5 * random.NextInt(2) : random.NextDouble(-1, 1);
            int found = tree.NearestK(query, ids, dists);
            Assert.Equal(k, found);
            Assert.Equal(BruteNearestK(points, d, query, k), ids);
            for (int i = 0; i < k; i++) Assert.Equal(Dist(points, d, ids[i], query), dists[i]);
        }
    }

    [Fact]
    public void NearestK_with_more_neighbours_than_points_returns_all_sorted()
    {
        double[] points = [3, 1, 2, 1];
        var tree = new KdTree(points, 1);
        var ids = new int[10];
        var dists = new double[10];
        int found = tree.NearestK([1.2], ids, dists);
        Assert.Equal(4, found);
        Assert.Equal([1, 3, 2, 0], ids[..4]);
    }

    [Fact]
    public void Identical_points_resolve_to_the_lowest_index()
    {
        var points = Enumerable.Repeat(new[] { 0.25, -0.5 }, 100).SelectMany(p => p).ToArray();
        var tree = new KdTree(points, 2, leafSize: 2);
        Assert.Equal(0, tree.Nearest([3.0, 3.0]));
        Assert.Equal(0, tree.Nearest([0.25, -0.5], hint: 57, out _));
    }

    [Fact]
    public void Equidistant_points_resolve_to_the_lowest_index()
    {
        // Point 2 and point 0 are both at distance 1 from the origin; 0 wins.
        double[] points = [0, 1, 5, 5, 1, 0, 0, -1];
        var tree = new KdTree(points, 2, leafSize: 1);
        Assert.Equal(0, tree.Nearest([0.0, 0.0]));
    }

    [Fact]
    public void Empty_tree_finds_nothing()
    {
        var tree = new KdTree(3);
        Assert.Equal(0, tree.Count);
        Assert.Equal(-1, tree.Nearest([0.0, 0, 0], out double dist));
        Assert.True(double.IsPositiveInfinity(dist));
        Assert.Equal(0, tree.NearestK([0.0, 0, 0], new int[4], new double[4]));
    }

    [Fact]
    public void Rebuild_replaces_the_points()
    {
        var tree = new KdTree([0.0, 10.0, 20.0], 1);
        Assert.Equal(2, tree.Nearest([19.0]));
        tree.Build([5.0, 4.0, 3.0, 2.0, 1.0, 0.0, -1.0, -2.0, -3.0, -4.0, -5.0]);
        Assert.Equal(11, tree.Count);
        Assert.Equal(0, tree.Nearest([19.0]));
        Assert.Equal(4, tree.Nearest([1.1]));
        Assert.Equal(1.0, tree.Point(4)[0]);
        tree.Build([7.0]);
        Assert.Equal(0, tree.Nearest([-100.0]));
        Assert.Equal(1, tree.Count);
    }

    [Fact]
    public void Invalid_input_names_the_parameter()
    {
        Assert.Equal("points", Assert.Throws<ArgumentException>(() => new KdTree([1.0, 2.0, 3.0], 2)).ParamName);
        var error = Assert.Throws<ArgumentException>(() => new KdTree([1.0, double.NaN], 2));
        Assert.Equal("points", error.ParamName);
        Assert.Contains("Point 0, coordinate 1", error.Message);
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => new KdTree(0)).ParamName);
        Assert.Equal("leafSize", Assert.Throws<ArgumentOutOfRangeException>(() => new KdTree(2, 0)).ParamName);
        var tree = new KdTree([1.0, 2.0], 2);
        Assert.Equal("query", Assert.Throws<ArgumentException>(() => tree.Nearest([1.0])).ParamName);
        Assert.Equal("distancesSquared", Assert.Throws<ArgumentException>(() => tree.NearestK([1.0, 2.0], new int[3], new double[2])).ParamName);
    }
}
