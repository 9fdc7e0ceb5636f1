namespace QualityDiversity.Spatial;

/// <summary>
/// An exact nearest-neighbour k-d tree over a fixed set of points, stored in flat arrays with
/// no object per node. Distances are Euclidean; ties in distance go to the lower point index,
/// so results equal a brute-force scan that keeps the first of equally near points.
/// </summary>
/// <remarks>
/// <para>Layout: the points are reordered so that every node is a contiguous range
/// <c>[lo, hi)</c> of the arrays. A range larger than <see cref="LeafSize"/> is split at its
/// median position <c>mid</c> along the axis of largest spread (stored at <c>mid</c>); the
/// median point belongs to the node and its two halves are the children. Smaller ranges are
/// leaves scanned linearly, which is faster than descending further for a handful of points.</para>
/// <para>Queries only read the tree, so several threads may query one tree at once;
/// <see cref="Build"/> must not run concurrently with queries.</para>
/// </remarks>
public sealed class KdTree
{
    /// <summary>Default number of points below which a range is scanned rather than split.</summary>
    public const int DefaultLeafSize = 8;

    private double[] _points = [];     // tree order, row-major
    private int[] _ids = [];           // tree position -> original point index
    private int[] _positionOf = [];    // original point index -> tree position
    private byte[] _splitAxis = [];    // at a node's median position: the axis it splits on
    private int _count;

    /// <summary>Creates an empty tree for points of <paramref name="dimension"/> coordinates.</summary>
    /// <param name="dimension">Coordinates per point (1 to 255).</param>
    /// <param name="leafSize">Ranges of at most this many points are scanned linearly.</param>
    public KdTree(int dimension, int leafSize = DefaultLeafSize)
    {
        if (dimension is <= 0 or > byte.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The dimension must be between 1 and 255.");
        if (leafSize <= 0) throw new ArgumentOutOfRangeException(nameof(leafSize), leafSize, "The leaf size must be positive.");
        Dimension = dimension;
        LeafSize = leafSize;
    }

    /// <summary>Builds a tree over <paramref name="points"/> (row-major, <paramref name="dimension"/> per row).</summary>
    public KdTree(ReadOnlySpan<double> points, int dimension, int leafSize = DefaultLeafSize)
        : this(dimension, leafSize) => Build(points);

    /// <summary>Coordinates per point.</summary>
    public int Dimension { get; }

    /// <summary>Ranges of at most this many points are leaves.</summary>
    public int LeafSize { get; }

    /// <summary>Number of points in the tree.</summary>
    public int Count => _count;

    /// <summary>
    /// Replaces the tree's points with <paramref name="points"/> (row-major, <see cref="Dimension"/>
    /// per row; point <c>i</c> keeps index <c>i</c>). Internal buffers are reused when large enough.
    /// </summary>
    /// <exception cref="ArgumentException">The length is not a multiple of the dimension or a coordinate is not finite.</exception>
    public void Build(ReadOnlySpan<double> points)
    {
        int d = Dimension;
        if (points.Length % d != 0)
            throw new ArgumentException($"Got {points.Length} coordinates, which is not a multiple of the dimension {d}.", nameof(points));
        int n = points.Length / d;
        for (int i = 0; i < points.Length; i++)
        {
            if (!double.IsFinite(points[i]))
                throw new ArgumentException($"Point {i / d}, coordinate {i % d} is {points[i]}; coordinates must be finite.", nameof(points));
        }
        if (_ids.Length < n)
        {
            int size = Math.Max(n, _ids.Length * 2);
            _points = new double[size * d];
            _ids = new int[size];
            _positionOf = new int[size];
            _splitAxis = new byte[size];
        }
        points.CopyTo(_points);
        for (int i = 0; i < n; i++) _ids[i] = i;
        _count = n;
        if (n > 0) BuildRange(0, n);
        for (int p = 0; p < n; p++) _positionOf[_ids[p]] = p;
    }

    private void BuildRange(int lo, int hi)
    {
        if (hi - lo <= LeafSize) return;
        int axis = WidestAxis(lo, hi);
        int mid = (lo + hi) >>> 1;
        Select(lo, hi, mid, axis);
        _splitAxis[mid] = (byte)axis;
        BuildRange(lo, mid);
        BuildRange(mid + 1, hi);
    }

    private int WidestAxis(int lo, int hi)
    {
        int d = Dimension, best = 0;
        double bestSpread = -1;
        for (int j = 0; j < d; j++)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (int p = lo; p < hi; p++)
            {
                double v = _points[p * d + j];
                if (v < min) min = v;
                if (v > max) max = v;
            }
            if (max - min > bestSpread) { bestSpread = max - min; best = j; }
        }
        return best;
    }

    // Hoare-style quickselect (median-of-three pivot): afterwards position k holds the k-th
    // smallest coordinate on `axis`, with no larger value before it and no smaller one after.
    // Equal keys are split between both sides, which keeps duplicates from degrading it.
    private void Select(int lo, int hi, int k, int axis)
    {
        int d = Dimension;
        int left = lo, right = hi - 1;
        while (left < right)
        {
            double a = Key(left), b = Key((left + right) >>> 1), c = Key(right);
            double pivot = Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
            int i = left, j = right;
            while (i <= j)
            {
                while (Key(i) < pivot) i++;
                while (Key(j) > pivot) j--;
                if (i <= j) { Swap(i, j); i++; j--; }
            }
            if (k <= j) right = j;
            else if (k >= i) left = i;
            else return;
        }

        double Key(int p) => _points[p * d + axis];
    }

    private void Swap(int p, int q)
    {
        int d = Dimension;
        (_ids[p], _ids[q]) = (_ids[q], _ids[p]);
        var a = _points.AsSpan(p * d, d);
        var b = _points.AsSpan(q * d, d);
        for (int j = 0; j < d; j++) (a[j], b[j]) = (b[j], a[j]);
    }

    /// <summary>The coordinates of point <paramref name="index"/>.</summary>
    public ReadOnlySpan<double> Point(int index)
    {
        if ((uint)index >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(index), index, $"The tree holds {_count} points.");
        return _points.AsSpan(_positionOf[index] * Dimension, Dimension);
    }

    /// <summary>The index of the point nearest to <paramref name="query"/>, or -1 when the tree is empty.</summary>
    public int Nearest(ReadOnlySpan<double> query) => Nearest(query, -1, out _);

    /// <summary>The index of the point nearest to <paramref name="query"/> and its squared distance (-1 and +inf when empty).</summary>
    public int Nearest(ReadOnlySpan<double> query, out double distanceSquared) => Nearest(query, -1, out distanceSquared);

    /// <summary>
    /// The index of the point nearest to <paramref name="query"/>, starting the search from the
    /// point <paramref name="hint"/> (e.g. the previous answer for a query that moved a little).
    /// A good hint only speeds the search up; the answer is exact whatever the hint (-1 for none).
    /// </summary>
    public int Nearest(ReadOnlySpan<double> query, int hint, out double distanceSquared)
    {
        CheckQuery(query);
        int bestId = -1;
        double bestDist = double.PositiveInfinity;
        if ((uint)hint < (uint)_count)
        {
            bestId = hint;
            bestDist = DistanceSquared(query, _positionOf[hint]);
        }
        if (_count > 0) SearchNearest(0, _count, query, ref bestId, ref bestDist);
        distanceSquared = bestDist;
        return bestId;
    }

    private void SearchNearest(int lo, int hi, ReadOnlySpan<double> query, ref int bestId, ref double bestDist)
    {
        if (hi - lo <= LeafSize)
        {
            for (int p = lo; p < hi; p++)
            {
                double dist = DistanceSquared(query, p);
                if (dist < bestDist || (dist == bestDist && _ids[p] < bestId)) { bestDist = dist; bestId = _ids[p]; }
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        int axis = _splitAxis[mid];
        double diff = query[axis] - _points[mid * Dimension + axis];
        // Near side first; the far side can only hold a point at least |diff| away. "<=" keeps
        // equally distant points with lower indices reachable.
        if (diff < 0) SearchNearest(lo, mid, query, ref bestId, ref bestDist);
        else SearchNearest(mid + 1, hi, query, ref bestId, ref bestDist);
        double self = DistanceSquared(query, mid);
        if (self < bestDist || (self == bestDist && _ids[mid] < bestId)) { bestDist = self; bestId = _ids[mid]; }
        if (diff * diff <= bestDist)
        {
            if (diff < 0) SearchNearest(mid + 1, hi, query, ref bestId, ref bestDist);
            else SearchNearest(lo, mid, query, ref bestId, ref bestDist);
        }
    }

    /// <summary>
    /// The <c>k = indices.Length</c> points nearest to <paramref name="query"/>, nearest first
    /// (ties by lower index). Returns how many were found: <c>min(k, Count)</c>.
    /// </summary>
    /// <param name="query">The query point.</param>
    /// <param name="indices">Receives the point indices; its length is k.</param>
    /// <param name="distancesSquared">Receives the squared distances; at least as long as <paramref name="indices"/>.</param>
    public int NearestK(ReadOnlySpan<double> query, Span<int> indices, Span<double> distancesSquared)
    {
        CheckQuery(query);
        if (distancesSquared.Length < indices.Length)
            throw new ArgumentException($"Got room for {distancesSquared.Length} distances but k = {indices.Length}.", nameof(distancesSquared));
        int k = indices.Length;
        if (k == 0 || _count == 0) return 0;
        int found = 0;
        SearchK(0, _count, query, indices, distancesSquared[..k], ref found);
        return found;
    }

    private void SearchK(int lo, int hi, ReadOnlySpan<double> query, Span<int> ids, Span<double> dists, ref int found)
    {
        if (hi - lo <= LeafSize)
        {
            for (int p = lo; p < hi; p++) Offer(p, query, ids, dists, ref found);
            return;
        }
        int mid = (lo + hi) >>> 1;
        int axis = _splitAxis[mid];
        double diff = query[axis] - _points[mid * Dimension + axis];
        if (diff < 0) SearchK(lo, mid, query, ids, dists, ref found);
        else SearchK(mid + 1, hi, query, ids, dists, ref found);
        Offer(mid, query, ids, dists, ref found);
        if (found < ids.Length || diff * diff <= dists[found - 1])
        {
            if (diff < 0) SearchK(mid + 1, hi, query, ids, dists, ref found);
            else SearchK(lo, mid, query, ids, dists, ref found);
        }
    }

    // Insertion into the sorted candidate list; k is small (tens), so a shift beats a heap.
    private void Offer(int position, ReadOnlySpan<double> query, Span<int> ids, Span<double> dists, ref int found)
    {
        double dist = DistanceSquared(query, position);
        int id = _ids[position];
        int k = ids.Length;
        if (found == k && !Precedes(dist, id, dists[k - 1], ids[k - 1])) return;
        int i = found == k ? k - 1 : found++;
        while (i > 0 && Precedes(dist, id, dists[i - 1], ids[i - 1]))
        {
            dists[i] = dists[i - 1];
            ids[i] = ids[i - 1];
            i--;
        }
        dists[i] = dist;
        ids[i] = id;
    }

    private static bool Precedes(double dist, int id, double otherDist, int otherId) =>
        dist < otherDist || (dist == otherDist && id < otherId);

    private double DistanceSquared(ReadOnlySpan<double> query, int position)
    {
        var point = _points.AsSpan(position * Dimension, Dimension);
        double sum = 0;
        for (int j = 0; j < point.Length; j++)
        {
            double t = query[j] - point[j];
            sum += t * t;
        }
        return sum;
    }

    private void CheckQuery(ReadOnlySpan<double> query)
    {
        if (query.Length != Dimension)
            throw new ArgumentException($"The query has {query.Length} coordinates but the tree's points have {Dimension}.", nameof(query));
    }
}
