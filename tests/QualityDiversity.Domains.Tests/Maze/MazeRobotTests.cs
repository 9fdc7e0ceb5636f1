using QualityDiversity.Domains.Maze;

namespace QualityDiversity.Domains.Tests.Maze;

public class MazeRobotTests
{
    private static readonly MazeRobot InEmptyBox = new(new MazeLayout([], 0.5, 0.5, 0.05));
    private static readonly MazeRobot InStandardMaze = new(MazeLayout.Standard);

    private static double[] Lasers(MazeRobot robot, MazePose pose)
    {
        var readings = new double[MazeRobot.LaserCount];
        robot.ReadLasers(pose, readings);
        return readings;
    }

    private static double[] Bumpers(MazeRobot robot, MazePose pose)
    {
        var readings = new double[2];
        robot.ReadBumpers(pose, readings);
        return readings;
    }

    [Fact]
    public void Straight_Move_Follows_The_Heading()
    {
        var pose = MazeRobot.Drive(new MazePose(0.5, 0.5, 0.3), 0.02, 0.02);
        Assert.Equal(0.5 + 0.02 * Math.Cos(0.3), pose.X, 15);
        Assert.Equal(0.5 + 0.02 * Math.Sin(0.3), pose.Y, 15);
        Assert.Equal(0.3, pose.Heading);
    }

    [Fact]
    public void Arc_Turns_About_A_Point_On_The_Wheel_Axis()
    {
        // Facing up, left wheel 0.01, right wheel 0.02: the robot turns left by
        // α = 0.01 / 0.03 about the point R = 0.01 / α + 0.015 = 0.045 to its left, so each wheel
        // (0.03 and 0.06 from that point) travels exactly its own displacement.
        const double alpha = 1.0 / 3.0, r = 0.045;
        var pose = MazeRobot.Drive(new MazePose(0.5, 0.5, Math.PI / 2), 0.01, 0.02);
        Assert.Equal(0.5 - r + r * Math.Cos(alpha), pose.X, 15);
        Assert.Equal(0.5 + r * Math.Sin(alpha), pose.Y, 15);
        Assert.Equal(Math.PI / 2 + alpha, pose.Heading, 15);
    }

    [Fact]
    public void Kinematics_Are_Rotation_Invariant()
    {
        // The same wheel displacements from another heading give the displacement rotated by the
        // difference in heading.
        var up = MazeRobot.Drive(new MazePose(0.0, 0.0, Math.PI / 2), 0.004, 0.017);
        const double heading = -2.2;
        var other = MazeRobot.Drive(new MazePose(0.0, 0.0, heading), 0.004, 0.017);
        double rotate = heading - Math.PI / 2;
        Assert.Equal(up.X * Math.Cos(rotate) - up.Y * Math.Sin(rotate), other.X, 15);
        Assert.Equal(up.X * Math.Sin(rotate) + up.Y * Math.Cos(rotate), other.Y, 15);
        Assert.Equal(up.Heading - Math.PI / 2 + heading, other.Heading, 14);
    }

    [Fact]
    public void Opposite_Wheels_Rotate_In_Place()
    {
        var start = new MazePose(0.4, 0.6, 1.0);
        var pose = MazeRobot.Drive(start, -0.01, 0.01);
        Assert.Equal(start.X, pose.X, 15);
        Assert.Equal(start.Y, pose.Y, 15);
        Assert.Equal(1.0 + 0.02 / MazeRobot.WheelBase, pose.Heading, 15);

        pose = MazeRobot.Drive(start, 0.025, -0.025);
        Assert.Equal(start.X, pose.X, 15);
        Assert.Equal(start.Y, pose.Y, 15);
        Assert.Equal(1.0 - 0.05 / MazeRobot.WheelBase, pose.Heading, 15);
    }

    [Theory]
    [InlineData(3.0, -0.025, 0.025)]   // 3 + 5/3 > π: wraps down once
    [InlineData(-3.0, -0.025, 0.025)]  // −3 + 5/3 stays in range
    [InlineData(-3.1, 0.025, -0.025)]  // −3.1 − 5/3 < −π: wraps up once
    [InlineData(3.0, 0.0, 0.5)]        // a turn of 50/3 rad: several wraps
    public void Heading_Stays_In_Minus_Pi_To_Pi(double heading, double left, double right)
    {
        var pose = MazeRobot.Drive(new MazePose(0.5, 0.5, heading), left, right);
        Assert.InRange(pose.Heading, -Math.PI, Math.PI);
        Assert.True(pose.Heading < Math.PI);
        double turned = heading + (right - left) / MazeRobot.WheelBase;
        Assert.Equal(Math.Cos(turned), Math.Cos(pose.Heading), 12);
        Assert.Equal(Math.Sin(turned), Math.Sin(pose.Heading), 12);
    }

    [Fact]
    public void Lasers_Read_Distances_To_The_Walls_In_Range()
    {
        // Facing a border 0.1 away: the middle laser reads 0.1, the side lasers 0.1·√2.
        var facingTop = Lasers(InEmptyBox, new MazePose(0.5, 0.9, Math.PI / 2));
        Assert.Equal(0.1, facingTop[1], 12);
        Assert.Equal(0.1 * Math.Sqrt(2), facingTop[0], 12);
        Assert.Equal(0.1 * Math.Sqrt(2), facingTop[2], 12);

        // Facing right near the top-right corner: ahead the right border 0.15 away; the laser at
        // +π/4 (up-right) meets the top border after 0.1·√2; the laser at −π/4 (down-right) meets
        // the right border after 0.15·√2 ≈ 0.212, beyond the range.
        var nearCorner = Lasers(InEmptyBox, new MazePose(0.85, 0.9, 0.0));
        Assert.Equal(MazeRobot.NoReading, nearCorner[0]);
        Assert.Equal(0.15, nearCorner[1], 12);
        Assert.Equal(0.1 * Math.Sqrt(2), nearCorner[2], 12);
    }

    [Fact]
    public void Lasers_Read_Minus_One_Beyond_Range()
    {
        Assert.Equal([-1.0, -1.0, -1.0], Lasers(InEmptyBox, new MazePose(0.5, 0.5, 0.7)));
        // Exactly at the range still reads.
        Assert.Equal(MazeRobot.LaserRange, Lasers(InEmptyBox, new MazePose(0.5, 0.8, Math.PI / 2))[1], 12);
    }

    [Fact]
    public void Lasers_See_Interior_Walls_Of_The_Standard_Maze()
    {
        // At (0.15, 0.3) facing right, the wall x = 0.25 (from y = 0.25 to 0.75) is 0.1 ahead. The
        // up-right laser meets it at y = 0.4 after 0.1·√2; the down-right laser reaches x = 0.25 at
        // y = 0.2, below the wall's end, and meets nothing else within range.
        var readings = Lasers(InStandardMaze, new MazePose(0.15, 0.3, 0.0));
        Assert.Equal(0.1, readings[1], 12);
        Assert.Equal(0.1 * Math.Sqrt(2), readings[2], 12);
        Assert.Equal(MazeRobot.NoReading, readings[0]);
    }

    [Fact]
    public void Lasers_Agree_With_Brute_Force_Ray_Casts()
    {
        // The robot skips walls beyond laser range; that must never change a reading.
        var rng = new Random(8);
        var maze = MazeLayout.Standard;
        int inRange = 0;
        for (int trial = 0; trial < 2000; trial++)
        {
            var pose = new MazePose(0.02 + 0.96 * rng.NextDouble(), 0.02 + 0.96 * rng.NextDouble(), (rng.NextDouble() * 2 - 1) * Math.PI);
            var readings = Lasers(InStandardMaze, pose);
            for (int k = 0; k < 3; k++)
            {
                double angle = pose.Heading + (k - 1) * Math.PI / 4;
                double distance = maze.CastRay(pose.X, pose.Y, Math.Cos(angle), Math.Sin(angle));
                if (distance <= MazeRobot.LaserRange)
                {
                    inRange++;
                    Assert.Equal(distance, readings[k], 12);
                }
                else if (distance > MazeRobot.LaserRange + 1e-12)
                {
                    Assert.Equal(MazeRobot.NoReading, readings[k]);
                }
            }
        }
        // A good share of the 6,000 rays must actually have hit something within range.
        Assert.InRange(inRange, 1500, 6000);
    }

    [Theory]
    [InlineData(Math.PI / 4, -1.0, 1.0)]       // wall up, robot faces up-right: wall on its left (+ side)
    [InlineData(3 * Math.PI / 4, 1.0, -1.0)]   // faces up-left: wall on its right (− side)
    [InlineData(Math.PI / 2, 1.0, 1.0)]        // faces the wall: both
    [InlineData(-Math.PI / 2, -1.0, -1.0)]     // wall behind: neither
    [InlineData(-0.1, -1.0, -1.0)]             // wall just behind its left side: neither
    public void Bumpers_Fire_On_The_Side_Of_The_Wall(double heading, double negativeSide, double positiveSide)
    {
        // 0.01 below the top border: within the robot's radius.
        Assert.Equal([negativeSide, positiveSide], Bumpers(InEmptyBox, new MazePose(0.5, 0.99, heading)));
    }

    [Fact]
    public void Bumpers_Are_Off_Away_From_Walls()
    {
        Assert.Equal([-1.0, -1.0], Bumpers(InEmptyBox, new MazePose(0.5, 0.984, Math.PI / 2)));
        Assert.Equal([-1.0, -1.0], Bumpers(InStandardMaze, MazeRobot.StartPose));
    }

    [Fact]
    public void Observation_Is_Lasers_Then_Bumpers()
    {
        var pose = new MazePose(0.5, 0.99, 3 * Math.PI / 4);
        var observation = new double[MazeRobot.ObservationDim];
        InEmptyBox.Observe(pose, observation);
        Assert.Equal(Lasers(InEmptyBox, pose), observation[..3]);
        Assert.Equal([1.0, -1.0], observation[3..]);
    }

    [Fact]
    public void Blocked_Move_Is_Undone_And_Presses_The_Bumper()
    {
        // Facing up-right 0.03 below the top border: a full step forward would end 0.0123 from it.
        var pose = new MazePose(0.5, 0.97, Math.PI / 4);
        var before = pose;
        var bumpers = new double[2];
        Assert.False(InEmptyBox.Step(ref pose, 0.025, 0.025, bumpers));
        Assert.Equal(before, pose);
        Assert.Equal([-1.0, 1.0], bumpers);

        // A turn in place is never blocked, and turning back leaves the bumpers off.
        Assert.True(InEmptyBox.Step(ref pose, 0.02, -0.02, bumpers));
        Assert.Equal(before.X, pose.X, 15);
        Assert.Equal(before.Y, pose.Y, 15);
        Assert.Equal([-1.0, -1.0], bumpers);
    }

    [Fact]
    public void Free_Move_Is_Taken()
    {
        var pose = MazeRobot.StartPose;
        var bumpers = new double[2];
        Assert.True(InStandardMaze.Step(ref pose, 0.025, 0.025, bumpers));
        Assert.Equal(0.175, pose.Y, 15);
        Assert.Equal([-1.0, -1.0], bumpers);
        Assert.False(InStandardMaze.Collides(pose.X, pose.Y));
    }

    [Fact]
    public void Collision_Threshold_Is_The_Radius()
    {
        Assert.True(InEmptyBox.Collides(0.5, 1.0 - MazeRobot.Radius + 1e-9));
        Assert.False(InEmptyBox.Collides(0.5, 1.0 - MazeRobot.Radius - 1e-9));
        Assert.True(InStandardMaze.Collides(0.25 - MazeRobot.Radius + 1e-9, 0.5));
        Assert.False(InStandardMaze.Collides(0.25 - MazeRobot.Radius - 1e-9, 0.5));
    }

    [Fact]
    public void Spans_Of_The_Wrong_Length_Are_Rejected()
    {
        var pose = MazeRobot.StartPose;
        Assert.Throws<ArgumentException>(() => InStandardMaze.ReadLasers(pose, new double[2]));
        Assert.Throws<ArgumentException>(() => InStandardMaze.ReadBumpers(pose, new double[3]));
        Assert.Throws<ArgumentException>(() => InStandardMaze.Observe(pose, new double[4]));
        Assert.Throws<ArgumentException>(() =>
        {
            var copy = pose;
            InStandardMaze.Step(ref copy, 0.0, 0.0, new double[1]);
        });
        Assert.Throws<ArgumentNullException>(() => new MazeRobot(null!));
    }
}
