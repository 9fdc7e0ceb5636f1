using QualityDiversity.Domains.Maze;

namespace QualityDiversity.Domains.Tests.Maze;

public class MazeWallTests
{
    private static readonly MazeWall Horizontal = new(0.2, 0.5, 0.6, 0.5);

    [Theory]
    [InlineData(0.4, 0.7, 0.4, 0.5)]   // above the middle: orthogonal projection
    [InlineData(0.0, 0.5, 0.2, 0.5)]   // beyond the first end: that end
    [InlineData(0.9, 0.1, 0.6, 0.5)]   // beyond the second end: that end
    [InlineData(0.3, 0.5, 0.3, 0.5)]   // on the wall: itself
    public void Closest_Point_And_Distance(double x, double y, double cx, double cy)
    {
        var (px, py) = Horizontal.ClosestPoint(x, y);
        Assert.Equal(cx, px, 14);
        Assert.Equal(cy, py, 14);
        double expected = (x - cx) * (x - cx) + (y - cy) * (y - cy);
        Assert.Equal(expected, Horizontal.DistanceSquaredTo(x, y), 14);
    }

    [Fact]
    public void Ray_Hits_At_The_Crossing_Distance()
    {
        // From (0.4, 0.2) straight up: crosses y = 0.5 after 0.3.
        Assert.Equal(0.3, Horizontal.RayDistance(0.4, 0.2, 0.0, 1.0), 14);
        // Diagonal up-right from (0.3, 0.4): crosses at (0.4, 0.5), distance 0.1·√2.
        double c = Math.Sqrt(0.5);
        Assert.Equal(0.1 * Math.Sqrt(2), Horizontal.RayDistance(0.3, 0.4, c, c), 14);
        // End points belong to the wall.
        Assert.Equal(0.1, Horizontal.RayDistance(0.6, 0.4, 0.0, 1.0), 14);
    }

    [Theory]
    [InlineData(0.4, 0.2, 0.0, -1.0)]  // pointing away
    [InlineData(0.1, 0.2, 0.0, 1.0)]   // passes beside the first end
    [InlineData(0.7, 0.2, 0.0, 1.0)]   // passes beside the second end
    [InlineData(0.0, 0.4, 1.0, 0.0)]   // parallel
    public void Ray_Misses(double x, double y, double dx, double dy)
    {
        Assert.Equal(double.PositiveInfinity, Horizontal.RayDistance(x, y, dx, dy));
    }

    [Fact]
    public void Stores_End_Points_And_Length()
    {
        var wall = new MazeWall(0.0, 0.0, 0.3, 0.4);
        Assert.Equal((0.0, 0.0, 0.3, 0.4), (wall.X1, wall.Y1, wall.X2, wall.Y2));
        Assert.Equal(0.5, wall.Length, 14);
    }

    [Fact]
    public void Degenerate_Or_Non_Finite_Walls_Are_Rejected()
    {
        Assert.Throws<ArgumentException>(() => new MazeWall(0.1, 0.1, 0.1, 0.1));
        Assert.Throws<ArgumentException>(() => new MazeWall(0.1, double.NaN, 0.2, 0.2));
        Assert.Throws<ArgumentException>(() => new MazeWall(0.1, 0.1, double.PositiveInfinity, 0.2));
    }
}
