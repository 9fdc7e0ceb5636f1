using QualityDiversity.Randomness;
using QualityDiversity.Domains.Maze;
using QualityDiversity.Evaluation;
using QualityDiversity.Solutions;

namespace QualityDiversity.Domains.Tests.Maze;

public class MazeTaskTests
{
    private static readonly MazeTask Task = new();

    private static (double Objective, double[] Measures, double[] Features) Evaluate(MazeTask task, double[] genome)
    {
        var measures = new double[task.MeasureDim];
        var features = new double[task.FeatureDim];
        double objective = task.EvaluateOne(genome, measures, features);
        return (objective, measures, features);
    }

    [Fact]
    public void Description()
    {
        Assert.Equal("maze", Task.Id);
        Assert.Equal("Kheperax maze (250 steps)", Task.Name);
        Assert.Equal(66, Task.SolutionDim);
        Assert.Equal(2, Task.MeasureDim);
        Assert.Equal(500, Task.FeatureDim);
        Assert.Equal([(0.0, 1.0), (0.0, 1.0)], Task.MeasureRanges);
        Assert.Equal((-Math.Sqrt(0.6), Math.Sqrt(0.6)), Task.InitialRange);
        Assert.Equal(MazeHiddenActivation.Relu, Task.HiddenActivation);
        Assert.Same(MazeLayout.Standard, Task.Layout);
        Assert.Equal(250, Task.Steps);

        var shorter = new MazeTask(MazeLayout.Standard, steps: 10, MazeHiddenActivation.Tanh);
        Assert.Equal(20, shorter.FeatureDim);
        Assert.Equal("Kheperax maze (10 steps)", shorter.Name);
    }

    [Fact]
    public void Zero_Policy_Stays_At_The_Start_With_Objective_100()
    {
        var (objective, measures, features) = Evaluate(Task, MazeGenomes.Zero());
        Assert.Equal(100.0, objective);
        Assert.Equal([0.15, 0.15], measures);
        Assert.All(features, v => Assert.Equal(0.15, v));
    }

    [Fact]
    public void Full_Speed_Ahead_Drives_Up_Until_The_First_Wall()
    {
        // Both wheels at +1 every step: straight up from (0.15, 0.15) in steps of 0.025. The
        // end (0.14, 0.45) of the wall (0.14, 0.45)-(0, 0.65) is 0.01 beside that line, so the
        // twelfth step (to y = 0.45) would touch it and every step from then on is undone.
        var trajectory = Task.Trajectory(MazeGenomes.ConstantWheels(50, 50));
        for (int t = 0; t < Task.Steps; t++)
        {
            var pose = trajectory.Poses[t + 1];
            Assert.Equal(0.15, pose.X, 12);
            Assert.Equal(0.15 + 0.025 * Math.Min(t + 1, 11), pose.Y, 12);
            Assert.Equal(Math.PI / 2, pose.Heading);
            Assert.Equal(t >= 11, trajectory.Blocked[t]);
            Assert.True(Task.Layout.NearestWallDistanceSquared(pose.X, pose.Y) > MazeRobot.Radius * MazeRobot.Radius);
        }

        // Full speed costs 2 · 0.025² per step whether or not the robot moves.
        Assert.Equal(250 * 2 * 0.025 * 0.025, trajectory.Energy, 12);
        Assert.Equal((0.3 - 0.3125) / 0.3 * 100, trajectory.Objective, 10);
        var (objective, measures, _) = Evaluate(Task, MazeGenomes.ConstantWheels(50, 50));
        Assert.Equal(trajectory.Objective, objective);
        Assert.Equal([trajectory.Final.X, trajectory.Final.Y], measures);
    }

    [Fact]
    public void Opposite_Wheels_Spin_In_Place()
    {
        var trajectory = Task.Trajectory(MazeGenomes.ConstantWheels(-50, 50));
        double turn = 0.05 / MazeRobot.WheelBase;
        for (int t = 1; t <= Task.Steps; t++)
        {
            var pose = trajectory.Poses[t];
            Assert.Equal(0.15, pose.X, 12);
            Assert.Equal(0.15, pose.Y, 12);
            Assert.Equal(Math.Cos(Math.PI / 2 + t * turn), Math.Cos(pose.Heading), 9);
            Assert.Equal(Math.Sin(Math.PI / 2 + t * turn), Math.Sin(pose.Heading), 9);
        }
        Assert.DoesNotContain(true, trajectory.Blocked);
        Assert.Equal((0.3 - 0.3125) / 0.3 * 100, trajectory.Objective, 10);
    }

    [Fact]
    public void Random_Policies_Never_Touch_Or_Cross_A_Wall()
    {
        var layout = Task.Layout;
        double limit = MazeRobot.Radius * MazeRobot.Radius;
        int blockedSteps = 0;
        foreach (var genome in MazeGenomes.Random(300, seed: 17))
        {
            var trajectory = Task.Trajectory(genome);
            blockedSteps += trajectory.Blocked.Count(b => b);
            for (int t = 1; t < trajectory.Poses.Count; t++)
            {
                var from = trajectory.Poses[t - 1];
                var to = trajectory.Poses[t];
                Assert.True(layout.NearestWallDistanceSquared(to.X, to.Y) > limit, $"pose {t} touches a wall");
                Assert.InRange(to.X, MazeRobot.Radius, 1 - MazeRobot.Radius);
                Assert.InRange(to.Y, MazeRobot.Radius, 1 - MazeRobot.Radius);
                double length = Math.Sqrt((to.X - from.X) * (to.X - from.X) + (to.Y - from.Y) * (to.Y - from.Y));
                if (length == 0.0)
                    continue;
                Assert.True(length <= MazeRobot.MaxWheelDisplacement + 1e-12);
                foreach (var wall in layout.Walls)
                    Assert.True(wall.RayDistance(from.X, from.Y, (to.X - from.X) / length, (to.Y - from.Y) / length) > length, $"step {t} crosses {wall}");
            }
        }
        // The policies must actually run into walls for this test to mean something.
        Assert.True(blockedSteps > 1000, $"only {blockedSteps} blocked steps");
    }

    [Fact]
    public void Rollout_Equals_Stepping_The_Robot_By_Hand()
    {
        // The rollout reuses work between steps; it must give exactly what the public
        // observe-act-step-sense sequence gives.
        var robot = Task.Robot;
        var observation = new double[MazeRobot.ObservationDim];
        var action = new double[2];
        foreach (var genome in MazeGenomes.Random(40, seed: 5))
        {
            var trajectory = Task.Trajectory(genome);
            var pose = MazeRobot.StartPose;
            robot.Observe(pose, observation);
            double energy = 0;
            for (int t = 0; t < Task.Steps; t++)
            {
                MazePolicy.Act(genome, observation, action, Task.HiddenActivation);
                double left = action[0] * MazeRobot.MaxWheelDisplacement;
                double right = action[1] * MazeRobot.MaxWheelDisplacement;
                energy += left * left + right * right;
                bool moved = robot.Step(ref pose, left, right, observation.AsSpan(3, 2));
                robot.ReadLasers(pose, observation.AsSpan(0, 3));
                Assert.Equal(pose, trajectory.Poses[t + 1]);
                Assert.Equal(!moved, trajectory.Blocked[t]);
            }
            Assert.Equal(energy, trajectory.Energy);
        }
    }

    [Fact]
    public void Features_Are_The_Positions_After_Every_Step()
    {
        foreach (var genome in MazeGenomes.Random(20, seed: 9))
        {
            var (objective, measures, features) = Evaluate(Task, genome);
            var trajectory = Task.Trajectory(genome);
            Assert.Equal(500, features.Length);
            Assert.Equal(measures, features[^2..]);
            for (int t = 0; t < Task.Steps; t++)
            {
                Assert.Equal(trajectory.Poses[t + 1].X, features[2 * t]);
                Assert.Equal(trajectory.Poses[t + 1].Y, features[2 * t + 1]);
            }
            Assert.Equal(trajectory.Objective, objective);
            Assert.Equal(MazeTask.ObjectiveFromEnergy(trajectory.Energy), objective);
            Assert.InRange(objective, (0.3 - 0.3125) / 0.3 * 100 - 1e-9, 100.0);
        }
    }

    [Theory]
    [InlineData(MazeHiddenActivation.Relu)]
    [InlineData(MazeHiddenActivation.Tanh)]
    public async Task Parallel_Batch_Equals_One_By_One(MazeHiddenActivation activation)
    {
        const int count = 300;
        var task = new MazeTask(MazeLayout.Standard, MazeTask.DefaultSteps, activation)
        {
            MaxDegreeOfParallelism = 4,
            MinParallelBatch = 16,
            ParallelThreshold = TimeSpan.Zero,
        };
        var genomes = MazeGenomes.Random(count, seed: 23);
        var batch = new SolutionBatch<double>(genomes.SelectMany(g => g).ToArray(), task.SolutionDim);
        var results = new EvaluationResults(count, task.MeasureDim, task.FeatureDim);
        await task.EvaluateAsync(batch, results);

        for (int i = 0; i < count; i++)
        {
            var (objective, measures, features) = Evaluate(task, genomes[i]);
            Assert.Equal(objective, results.Objectives[i]);
            Assert.True(measures.AsSpan().SequenceEqual(results.MeasuresOf(i)), $"measures differ at row {i}");
            Assert.True(features.AsSpan().SequenceEqual(results.FeaturesOf(i)), $"features differ at row {i}");
        }
    }

    [Fact]
    public void Random_Policies_Spread_Over_The_Maze()
    {
        // 2,000 policies drawn as the reference initialises them reach about 40 of the 100 cells of a
        // 10 × 10 grid (the walls make much of the maze hard to reach by chance).
        var rng = new RandomSource(12345UL);
        var genome = new double[66];
        var measures = new double[2];
        var features = new double[500];
        var cells = new HashSet<int>();
        for (int i = 0; i < 2000; i++)
        {
            Task.SampleInitial(rng, genome);
            Task.EvaluateOne(genome, measures, features);
            cells.Add((int)(measures[0] * 10) * 10 + (int)(measures[1] * 10));
        }
        Assert.True(cells.Count >= 30, $"random policies reached only {cells.Count} cells");
        Assert.True(cells.Count < 100, "random policies should not already solve the maze's coverage");
    }

    [Fact]
    public void Bad_Arguments_Are_Rejected()
    {
        Assert.Throws<ArgumentNullException>(() => new MazeTask(null!));
        Assert.Equal("steps", Assert.Throws<ArgumentOutOfRangeException>(() => new MazeTask(MazeLayout.Standard, 0)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MazeTask(MazeLayout.Standard, 250, (MazeHiddenActivation)7));
        Assert.Equal("genome", Assert.Throws<ArgumentException>(() => Task.Trajectory(new double[65])).ParamName);
        Assert.Throws<ArgumentException>(() => Task.EvaluateOne(new double[66], new double[2], new double[499]));
        Assert.Throws<ArgumentException>(() => Task.EvaluateOne(new double[67], new double[2], new double[500]));
    }
}
