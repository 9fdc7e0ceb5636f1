namespace QualityDiversity.Domains.Maze;

/// <summary>
/// One straight wall of a maze, from <c>(X1, Y1)</c> to <c>(X2, Y2)</c>, with the direction and
/// inverse squared length precomputed so that the distance and ray queries a simulation step
/// makes many times need no square root and at most one division.
/// </summary>
public readonly struct MazeWall
{
    private readonly double _dx, _dy, _inverseLengthSquared;

    /// <summary>Creates the wall from <c>(x1, y1)</c> to <c>(x2, y2)</c>.</summary>
    /// <param name="x1">First end point, x.</param>
    /// <param name="y1">First end point, y.</param>
    /// <param name="x2">Second end point, x.</param>
    /// <param name="y2">Second end point, y.</param>
    /// <exception cref="ArgumentException">A coordinate is not finite, or both end points coincide.</exception>
    public MazeWall(double x1, double y1, double x2, double y2)
    {
        if (!double.IsFinite(x1) || !double.IsFinite(y1) || !double.IsFinite(x2) || !double.IsFinite(y2))
            throw new ArgumentException($"Wall end points must be finite, got ({x1}, {y1})-({x2}, {y2}).");
        double dx = x2 - x1, dy = y2 - y1;
        double lengthSquared = dx * dx + dy * dy;
        if (lengthSquared == 0.0)
            throw new ArgumentException($"A wall needs two distinct end points, got ({x1}, {y1}) twice.");
        X1 = x1;
        Y1 = y1;
        X2 = x2;
        Y2 = y2;
        _dx = dx;
        _dy = dy;
        _inverseLengthSquared = 1.0 / lengthSquared;
    }

    /// <summary>First end point, x.</summary>
    public double X1 { get; }

    /// <summary>First end point, y.</summary>
    public double Y1 { get; }

    /// <summary>Second end point, x.</summary>
    public double X2 { get; }

    /// <summary>Second end point, y.</summary>
    public double Y2 { get; }

    /// <summary>Length of the wall.</summary>
    public double Length => Math.Sqrt(_dx * _dx + _dy * _dy);

    /// <summary>The point of the wall nearest to <c>(x, y)</c>.</summary>
    public (double X, double Y) ClosestPoint(double x, double y)
    {
        double u = Projection(x, y);
        return (X1 + u * _dx, Y1 + u * _dy);
    }

    /// <summary>Squared distance from <c>(x, y)</c> to the nearest point of the wall.</summary>
    public double DistanceSquaredTo(double x, double y)
    {
        double u = Projection(x, y);
        double ex = X1 + u * _dx - x;
        double ey = Y1 + u * _dy - y;
        return ex * ex + ey * ey;
    }

    /// <summary>
    /// Distance along the ray from <c>(originX, originY)</c> in the unit direction
    /// <c>(directionX, directionY)</c> to the point where it crosses the wall, or
    /// <see cref="double.PositiveInfinity"/> when it does not cross it (including a ray parallel
    /// to the wall). End points of the wall count as part of it.
    /// </summary>
    public double RayDistance(double originX, double originY, double directionX, double directionY)
    {
        // Solve origin + t·direction = start + u·(end - start) with 2-D cross products; the
        // bounds on t and u are checked on the numerators so only actual hits pay a division.
        double denominator = directionX * _dy - directionY * _dx;
        double wx = X1 - originX, wy = Y1 - originY;
        double tNumerator = wx * _dy - wy * _dx;
        double uNumerator = wx * directionY - wy * directionX;
        if (denominator < 0.0)
        {
            denominator = -denominator;
            tNumerator = -tNumerator;
            uNumerator = -uNumerator;
        }
        if (denominator == 0.0 || tNumerator < 0.0 || uNumerator < 0.0 || uNumerator > denominator)
            return double.PositiveInfinity;
        return tNumerator / denominator;
    }

    /// <inheritdoc />
    public override string ToString() => $"({X1}, {Y1})-({X2}, {Y2})";

    // Position of the orthogonal projection of (x, y) along the wall, clamped to the segment: 0 at
    // the first end point, 1 at the second.
    private double Projection(double x, double y)
    {
        double u = ((x - X1) * _dx + (y - Y1) * _dy) * _inverseLengthSquared;
        return u < 0.0 ? 0.0 : u > 1.0 ? 1.0 : u;
    }
}
