using QualityDiversity.Domains.Maze;

namespace QualityDiversity.Domains.Tests.Maze;

public class MazeLayoutTests
{
    [Fact]
    public void Standard_Maze_Has_Borders_Then_Seven_Interior_Walls()
    {
        var walls = MazeLayout.Standard.Walls;
        Assert.Equal(MazeLayout.BorderWallCount + 7, walls.Count);
        // Borders: bottom, right, top, left.
        Assert.Equal((0.0, 0.0, 1.0, 0.0), (walls[0].X1, walls[0].Y1, walls[0].X2, walls[0].Y2));
        Assert.Equal((0.0, 1.0, 0.0, 0.0), (walls[3].X1, walls[3].Y1, walls[3].X2, walls[3].Y2));
        Assert.Equal((0.25, 0.25, 0.25, 0.75), (walls[4].X1, walls[4].Y1, walls[4].X2, walls[4].Y2));
        Assert.Equal((1.0, 0.25, 0.435, 0.55), (walls[10].X1, walls[10].Y1, walls[10].X2, walls[10].Y2));
    }

    [Fact]
    public void Goal_Area()
    {
        var maze = MazeLayout.Standard;
        Assert.Equal((0.15, 0.9, 0.05), (maze.GoalX, maze.GoalY, maze.GoalRadius));
        Assert.True(maze.IsInGoal(0.15, 0.9));
        Assert.True(maze.IsInGoal(0.18, 0.93));
        Assert.False(maze.IsInGoal(0.15, 0.96));
        Assert.False(maze.IsInGoal(0.15, 0.15));
    }

    [Fact]
    public void Nearest_Wall_Overlap_And_Ray_Queries()
    {
        var maze = MazeLayout.Standard;
        // From the start, the nearest wall point is the lower end (0.25, 0.25) of the wall x = 0.25,
        // at distance 0.1·√2 (the bottom and left borders are 0.15 away).
        Assert.Equal(0.02, maze.NearestWallDistanceSquared(0.15, 0.15), 14);
        Assert.False(maze.Overlaps(0.15, 0.15, 0.14));
        Assert.True(maze.Overlaps(0.15, 0.15, 0.1415));
        // Straight right from the start: the wall x = 0.25 after 0.1.
        Assert.Equal(0.1, maze.CastRay(0.15, 0.3, 1.0, 0.0), 14);
        // Straight down from the start: the bottom border after 0.15.
        Assert.Equal(0.15, maze.CastRay(0.15, 0.15, 0.0, -1.0), 14);
    }

    [Fact]
    public void Custom_Layout_Keeps_The_Border()
    {
        var empty = new MazeLayout([], 0.5, 0.5, 0.1);
        Assert.Equal(MazeLayout.BorderWallCount, empty.Walls.Count);
        Assert.Equal(0.01, empty.NearestWallDistanceSquared(0.9, 0.5), 14);
    }

    [Fact]
    public void Bad_Arguments_Are_Rejected()
    {
        Assert.Throws<ArgumentNullException>(() => new MazeLayout(null!, 0.5, 0.5, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MazeLayout([], 0.5, 0.5, 0.0));
        Assert.Throws<ArgumentException>(() => new MazeLayout([], double.NaN, 0.5, 0.1));
        Assert.Throws<ArgumentException>(() => new MazeLayout([(0.1, 0.1, 0.1, 0.1)], 0.5, 0.5, 0.1));
    }
}
