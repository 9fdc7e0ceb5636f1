using QualityDiversity.Domains;
using QualityDiversity.Domains.Maze;

namespace QualityDiversity.Domains.Tests;

public class BenchmarkTasksTests
{
    [Fact]
    public void Names_Lists_Canonical_Tasks()
    {
        Assert.Equal(["lp-sphere", "lp-rastrigin", "arm", "maze"], BenchmarkTasks.Names);
    }

    [Theory]
    [InlineData("lp-sphere", LinearProjectionFunction.Sphere)]
    [InlineData("sphere", LinearProjectionFunction.Sphere)]
    [InlineData("LP-Sphere", LinearProjectionFunction.Sphere)]
    [InlineData(" sphere ", LinearProjectionFunction.Sphere)]
    [InlineData("lp-rastrigin", LinearProjectionFunction.Rastrigin)]
    [InlineData("rastrigin", LinearProjectionFunction.Rastrigin)]
    public void Creates_Linear_Projection_Tasks(string name, LinearProjectionFunction function)
    {
        var task = Assert.IsType<LinearProjectionTask>(BenchmarkTasks.Create(name, 100));
        Assert.Equal(function, task.Function);
        Assert.Equal(100, task.SolutionDim);
    }

    [Fact]
    public void Creates_Arm()
    {
        var task = Assert.IsType<RoboticArmTask>(BenchmarkTasks.Create("arm", 12));
        Assert.Equal(12, task.SolutionDim);
    }

    [Theory]
    [InlineData(66)]
    [InlineData(2)]
    [InlineData(100)]
    public void Creates_Maze_Whatever_The_Requested_Dimension(int dimension)
    {
        // The policy network fixes the maze's dimension; callers that pass a generic default get the maze anyway.
        var task = Assert.IsType<MazeTask>(BenchmarkTasks.Create(" Maze ", dimension));
        Assert.Equal(66, task.SolutionDim);
        Assert.True(BenchmarkTasks.IsKnown("MAZE"));
        Assert.Contains("maze", BenchmarkTasks.NamesAndAliases);
    }

    [Theory]
    [InlineData("lp-sphere", 10)]
    [InlineData("lp-rastrigin", 3)]
    [InlineData("arm", 5)]
    [InlineData("maze", 66)]
    public void Id_Round_Trips(string name, int dimension)
    {
        var task = BenchmarkTasks.Create(name, dimension);
        Assert.Equal(name, task.Id);
        var again = BenchmarkTasks.Create(task.Id, task.SolutionDim);
        Assert.Equal(task.GetType(), again.GetType());
        Assert.Equal(task.Name, again.Name);
    }

    [Fact]
    public void Unknown_Name_Lists_Known_Tasks()
    {
        var ex = Assert.Throws<ArgumentException>(() => BenchmarkTasks.Create("ackley", 10));
        Assert.Equal("name", ex.ParamName);
        Assert.Contains("'ackley'", ex.Message);
        foreach (var known in BenchmarkTasks.Names)
            Assert.Contains(known, ex.Message);
        Assert.False(BenchmarkTasks.IsKnown("ackley"));
        Assert.True(BenchmarkTasks.IsKnown("Rastrigin"));
    }

    [Fact]
    public void Null_Name_Is_Rejected()
    {
        Assert.Throws<ArgumentNullException>(() => BenchmarkTasks.Create(null!, 10));
    }

    [Theory]
    [InlineData("lp-sphere", 1)]
    [InlineData("rastrigin", 0)]
    [InlineData("arm", 0)]
    public void Too_Small_Dimension_Is_Rejected(string name, int dimension)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => BenchmarkTasks.Create(name, dimension));
        Assert.Equal("dimension", ex.ParamName);
    }

    [Fact]
    public void Arm_Accepts_One_Joint()
    {
        Assert.Equal(1, BenchmarkTasks.Create("arm", 1).SolutionDim);
    }
}
