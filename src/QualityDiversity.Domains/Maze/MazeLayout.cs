using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace QualityDiversity.Domains.Maze;

/// <summary>
/// The walls of a maze inside the unit square <c>[0, 1]²</c> (its four border walls are always
/// present) and the goal area of its target variant, with the geometric queries the robot's
/// collision test and sensors need.
/// </summary>
public sealed class MazeLayout
{
    /// <summary>Number of border walls, which come first in <see cref="Walls"/>.</summary>
    public const int BorderWallCount = 4;

    private readonly MazeWall[] _walls;

    // The walls again in structure-of-arrays form, padded to whole vectors with a wall far
    // outside the arena, so one position's distances to all walls take a few vector operations.
    private readonly double[] _startX, _startY, _directionX, _directionY, _inverseLengthSquared;

    /// <summary>
    /// The deceptive "standard" Kheperax maze: seven interior walls between the start at the
    /// bottom left and the goal at the top left, centre <c>(0.15, 0.9)</c>, radius 0.05.
    /// </summary>
    public static MazeLayout Standard { get; } = new(
        [
            (0.25, 0.25, 0.25, 0.75),
            (0.14, 0.45, 0.0, 0.65),
            (0.25, 0.75, 0.0, 0.8),
            (0.25, 0.75, 0.66, 0.875),
            (0.355, 0.0, 0.525, 0.185),
            (0.25, 0.5, 0.75, 0.215),
            (1.0, 0.25, 0.435, 0.55),
        ],
        goalX: 0.15, goalY: 0.9, goalRadius: 0.05);

    /// <summary>Creates a maze from its interior walls; the unit-square border is added.</summary>
    /// <param name="interiorWalls">Interior wall segments <c>(X1, Y1, X2, Y2)</c>; may be empty.</param>
    /// <param name="goalX">Goal centre, x.</param>
    /// <param name="goalY">Goal centre, y.</param>
    /// <param name="goalRadius">Goal radius; finite and positive.</param>
    /// <exception cref="ArgumentNullException"><paramref name="interiorWalls"/> is null.</exception>
    /// <exception cref="ArgumentException">A wall is degenerate or not finite, or the goal is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="goalRadius"/> is not positive.</exception>
    public MazeLayout(IEnumerable<(double X1, double Y1, double X2, double Y2)> interiorWalls, double goalX, double goalY, double goalRadius)
    {
        ArgumentNullException.ThrowIfNull(interiorWalls);
        if (!double.IsFinite(goalX) || !double.IsFinite(goalY))
            throw new ArgumentException($"The goal centre must be finite, got ({goalX}, {goalY}).", nameof(goalX));
        if (!double.IsFinite(goalRadius) || goalRadius <= 0.0)
            throw new ArgumentOutOfRangeException(nameof(goalRadius), goalRadius, "The goal radius must be finite and positive.");

        var walls = new List<MazeWall>
        {
            new(0.0, 0.0, 1.0, 0.0),
            new(1.0, 0.0, 1.0, 1.0),
            new(1.0, 1.0, 0.0, 1.0),
            new(0.0, 1.0, 0.0, 0.0),
        };
        foreach (var (x1, y1, x2, y2) in interiorWalls)
            walls.Add(new MazeWall(x1, y1, x2, y2));
        _walls = walls.ToArray();
        Walls = Array.AsReadOnly(_walls);

        int padded = (_walls.Length + Vector256<double>.Count - 1) / Vector256<double>.Count * Vector256<double>.Count;
        _startX = new double[padded];
        _startY = new double[padded];
        _directionX = new double[padded];
        _directionY = new double[padded];
        _inverseLengthSquared = new double[padded];
        for (int k = 0; k < padded; k++)
        {
            var wall = k < _walls.Length ? _walls[k] : new MazeWall(1e6, 1e6, 1e6 + 1.0, 1e6);
            _startX[k] = wall.X1;
            _startY[k] = wall.Y1;
            _directionX[k] = wall.X2 - wall.X1;
            _directionY[k] = wall.Y2 - wall.Y1;
            _inverseLengthSquared[k] = 1.0 / (_directionX[k] * _directionX[k] + _directionY[k] * _directionY[k]);
        }
        GoalX = goalX;
        GoalY = goalY;
        GoalRadius = goalRadius;
    }

    /// <summary>All walls: the four borders (bottom, right, top, left) followed by the interior walls in the given order.</summary>
    public IReadOnlyList<MazeWall> Walls { get; }

    /// <summary>Goal centre, x.</summary>
    public double GoalX { get; }

    /// <summary>Goal centre, y.</summary>
    public double GoalY { get; }

    /// <summary>Goal radius.</summary>
    public double GoalRadius { get; }

    /// <summary>The walls as a span, for allocation-free loops.</summary>
    internal ReadOnlySpan<MazeWall> WallSpan => _walls;

    /// <summary>Length of the buffer <see cref="MeasureWalls"/> fills: the wall count rounded up to whole vectors.</summary>
    internal int PaddedWallCount => _startX.Length;

    /// <summary>Whether <c>(x, y)</c> lies in the goal disk (boundary included).</summary>
    public bool IsInGoal(double x, double y)
    {
        double dx = x - GoalX, dy = y - GoalY;
        return dx * dx + dy * dy <= GoalRadius * GoalRadius;
    }

    /// <summary>Squared distance from <c>(x, y)</c> to the nearest wall.</summary>
    [SkipLocalsInit]
    public double NearestWallDistanceSquared(double x, double y)
    {
        Span<double> distancesSquared = stackalloc double[PaddedWallCount];
        return MeasureWalls(x, y, distancesSquared);
    }

    /// <summary>
    /// Whether a disk of the given radius centred at <c>(x, y)</c> touches or overlaps a wall,
    /// that is, whether some wall is at distance at most <paramref name="radius"/>.
    /// </summary>
    public bool Overlaps(double x, double y, double radius) => NearestWallDistanceSquared(x, y) <= radius * radius;

    /// <summary>
    /// Writes the squared distance from <c>(x, y)</c> to every wall, in <see cref="Walls"/> order
    /// (entries past the real walls belong to padding and are huge), and returns the smallest.
    /// Computes exactly what <see cref="MazeWall.DistanceSquaredTo"/> does, four walls at a time.
    /// </summary>
    /// <param name="x">Position, x.</param>
    /// <param name="y">Position, y.</param>
    /// <param name="distancesSquared">Receives the squared distances; length at least <see cref="PaddedWallCount"/>.</param>
    internal double MeasureWalls(double x, double y, Span<double> distancesSquared)
    {
        int count = _startX.Length;
        ref double output = ref MemoryMarshal.GetReference(distancesSquared[..count]);
        ref double startX = ref MemoryMarshal.GetArrayDataReference(_startX);
        ref double startY = ref MemoryMarshal.GetArrayDataReference(_startY);
        ref double directionX = ref MemoryMarshal.GetArrayDataReference(_directionX);
        ref double directionY = ref MemoryMarshal.GetArrayDataReference(_directionY);
        ref double inverse = ref MemoryMarshal.GetArrayDataReference(_inverseLengthSquared);
        var px = Vector256.Create(x);
        var py = Vector256.Create(y);
        var nearest = Vector256.Create(double.PositiveInfinity);
        for (nuint k = 0; k < (nuint)count; k += (nuint)Vector256<double>.Count)
        {
            var x1 = Vector256.LoadUnsafe(ref startX, k);
            var y1 = Vector256.LoadUnsafe(ref startY, k);
            var dx = Vector256.LoadUnsafe(ref directionX, k);
            var dy = Vector256.LoadUnsafe(ref directionY, k);
            var u = ((px - x1) * dx + (py - y1) * dy) * Vector256.LoadUnsafe(ref inverse, k);
            u = Vector256.Min(Vector256.Max(u, Vector256<double>.Zero), Vector256<double>.One);
            var ex = x1 + u * dx - px;
            var ey = y1 + u * dy - py;
            var d = ex * ex + ey * ey;
            d.StoreUnsafe(ref output, k);
            nearest = Vector256.Min(nearest, d);
        }
        return Math.Min(Math.Min(nearest.GetElement(0), nearest.GetElement(1)), Math.Min(nearest.GetElement(2), nearest.GetElement(3)));
    }

    /// <summary>
    /// Distance along the ray from <c>(x, y)</c> in the unit direction <c>(directionX, directionY)</c>
    /// to the first wall it meets, or <see cref="double.PositiveInfinity"/> if none.
    /// </summary>
    public double CastRay(double x, double y, double directionX, double directionY)
    {
        double best = double.PositiveInfinity;
        foreach (ref readonly var wall in WallSpan)
        {
            double d = wall.RayDistance(x, y, directionX, directionY);
            if (d < best) best = d;
        }
        return best;
    }
}
