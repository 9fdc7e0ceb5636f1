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

    /// <summary>Whether <c>(x, y)</c> lies in the goal disk (boundary included).</summary>
    public bool IsInGoal(double x, double y)
    {
        double dx = x - GoalX, dy = y - GoalY;
        return dx * dx + dy * dy <= GoalRadius * GoalRadius;
    }

    /// <summary>Squared distance from <c>(x, y)</c> to the nearest wall.</summary>
    public double NearestWallDistanceSquared(double x, double y)
    {
        double best = double.PositiveInfinity;
        foreach (ref readonly var wall in WallSpan)
        {
            double d = wall.DistanceSquaredTo(x, y);
            if (d < best) best = d;
        }
        return best;
    }

    /// <summary>
    /// Whether a disk of the given radius centred at <c>(x, y)</c> touches or overlaps a wall,
    /// that is, whether some wall is at distance at most <paramref name="radius"/>.
    /// </summary>
    public bool Overlaps(double x, double y, double radius)
    {
        double limit = radius * radius;
        foreach (ref readonly var wall in WallSpan)
        {
            if (wall.DistanceSquaredTo(x, y) <= limit)
                return true;
        }
        return false;
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
