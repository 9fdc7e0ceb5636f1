namespace QualityDiversity.Plotting.Internal;

/// <summary>
/// A 2-D k-d tree answering "which point is nearest?" in about O(log n), so that rasterising
/// thousands of Voronoi cells stays fast where a brute-force scan per pixel would not.
/// </summary>
internal sealed class NearestNeighborIndex
{
    private readonly double[] _xs;
    private readonly double[] _ys;

    // Implicit balanced tree: the node of range [lo, hi) is _order[(lo + hi) / 2]; it splits on x at even depths, y at odd.
    private readonly int[] _order;

    public NearestNeighborIndex(double[] xs, double[] ys)
    {
        if (xs.Length != ys.Length || xs.Length == 0)
            throw new ArgumentException("Need one or more points with matching coordinate arrays.");
        _xs = xs;
        _ys = ys;
        _order = Enumerable.Range(0, xs.Length).ToArray();
        Build(0, xs.Length, 0);
    }

    /// <summary>Index of the point nearest to (x, y); ties go to whichever is found first.</summary>
    public int Nearest(double x, double y)
    {
        int best = _order[_order.Length / 2];
        double bestDistance = DistanceSquared(best, x, y);
        Search(0, _order.Length, 0, x, y, ref best, ref bestDistance);
        return best;
    }

    private void Build(int lo, int hi, int depth)
    {
        if (hi - lo <= 1)
            return;
        double[] key = depth % 2 == 0 ? _xs : _ys;

        // Sorting the whole range is O(n log n) per level; simpler than a selection algorithm and ample for archive sizes.
        Array.Sort(_order, lo, hi - lo, Comparer<int>.Create((a, b) => key[a].CompareTo(key[b])));
        int mid = (lo + hi) / 2;
        Build(lo, mid, depth + 1);
        Build(mid + 1, hi, depth + 1);
    }

    private void Search(int lo, int hi, int depth, double x, double y, ref int best, ref double bestDistance)
    {
        if (lo >= hi)
            return;
        int mid = (lo + hi) / 2;
        int node = _order[mid];
        double distance = DistanceSquared(node, x, y);
        if (distance < bestDistance)
        {
            best = node;
            bestDistance = distance;
        }

        double offset = depth % 2 == 0 ? x - _xs[node] : y - _ys[node];
        bool leftFirst = offset < 0;
        if (leftFirst)
            Search(lo, mid, depth + 1, x, y, ref best, ref bestDistance);
        else
            Search(mid + 1, hi, depth + 1, x, y, ref best, ref bestDistance);

        // The far side can only hold a closer point if the splitting line is closer than the best match so far.
        if (offset * offset < bestDistance)
        {
            if (leftFirst)
                Search(mid + 1, hi, depth + 1, x, y, ref best, ref bestDistance);
            else
                Search(lo, mid, depth + 1, x, y, ref best, ref bestDistance);
        }
    }

    private double DistanceSquared(int i, double x, double y)
    {
        double dx = _xs[i] - x, dy = _ys[i] - y;
        return dx * dx + dy * dy;
    }
}
