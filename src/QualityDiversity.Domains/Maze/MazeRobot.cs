namespace QualityDiversity.Domains.Maze;

/// <summary>
/// The Kheperax robot in a maze: a disk with a differential drive, three range-finding lasers
/// and two bumpers. Stateless apart from its maze; the pose is passed in and out, so one robot
/// can simulate any number of rollouts concurrently.
/// </summary>
/// <remarks>
/// <para>Frame: y points up and angles are counter-clockwise from +x, so a positive angle
/// relative to the heading is on the robot's left when plotted with y up.</para>
/// <para>Observation (<see cref="ObservationDim"/> = 5), in the reference order:
/// <c>[laser at −π/4, laser at 0, laser at +π/4, bumper on the −π/2..0 side, bumper on the 0..+π/2 side]</c>.
/// Index 3 covers angle differences in <c>(−π/2, 0]</c> (the clockwise side: the robot's right in a
/// y-up plot) and index 4 covers <c>[0, π/2)</c> (the counter-clockwise side: its left). The reference
/// calls index 3 "left" and index 4 "right", a naming inherited from image coordinates with y
/// pointing down; the geometry, and so the numbers a policy sees, are the same.</para>
/// <para>Collisions: a move is tested where it ends and undone if the robot would touch a wall
/// there, so the robot never overlaps a wall and can always turn away. The bumpers therefore
/// report the contact of a rejected move (read at the attempted pose). Kheperax itself tests the
/// pose before the move, which lets the robot step into a wall's reach once and then freezes it
/// there with its bumpers pressed; trajectories that never come near a wall are identical.</para>
/// </remarks>
public sealed class MazeRobot
{
    /// <summary>Radius of the robot's disk.</summary>
    public const double Radius = 0.015;

    /// <summary>Distance between the wheels: the robot's diameter.</summary>
    public const double WheelBase = 2.0 * Radius;

    /// <summary>Largest wheel displacement per step; policy actions in <c>[-1, 1]</c> are scaled by it.</summary>
    public const double MaxWheelDisplacement = 0.025;

    /// <summary>Number of lasers.</summary>
    public const int LaserCount = 3;

    /// <summary>Angle of the side lasers from the heading (the middle laser looks straight ahead).</summary>
    public const double LaserSideAngle = Math.PI / 4;

    /// <summary>Range of the lasers: a wall further away than this reads <see cref="NoReading"/>.</summary>
    public const double LaserRange = 0.2;

    /// <summary>Laser reading when no wall lies within range, and bumper reading when not pressed.</summary>
    public const double NoReading = -1.0;

    /// <summary>Bumper reading when pressed.</summary>
    public const double Pressed = 1.0;

    /// <summary>Length of an observation: three lasers then two bumpers.</summary>
    public const int ObservationDim = LaserCount + 2;

    // Below this turn angle a step is treated as straight: the arc formula divides by it.
    private const double StraightThreshold = 1e-10;
    private const double TwoPi = 2.0 * Math.PI;
    private static readonly double SideCosine = Math.Cos(LaserSideAngle);
    private static readonly double SideSine = Math.Sin(LaserSideAngle);
    private const double PruneDistanceSquared = (LaserRange + 1e-9) * (LaserRange + 1e-9);

    /// <summary>Creates a robot moving in <paramref name="layout"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="layout"/> is null.</exception>
    public MazeRobot(MazeLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Layout = layout;
    }

    /// <summary>The maze the robot moves in.</summary>
    public MazeLayout Layout { get; }

    /// <summary>Start pose of every rollout: <c>(0.15, 0.15)</c> facing up (heading π/2).</summary>
    public static MazePose StartPose => new(0.15, 0.15, Math.PI / 2);

    /// <summary>
    /// Differential-drive kinematics, ignoring walls: the pose after the left and right wheels
    /// travel <paramref name="leftWheel"/> and <paramref name="rightWheel"/>.
    /// </summary>
    /// <remarks>
    /// The robot turns by <c>α = (d_r − d_l) / </c><see cref="WheelBase"/> about a point on its wheel
    /// axis at signed distance <c>R = d_l / α + </c><see cref="Radius"/> to its left; in the robot's
    /// frame (forward = +y) it moves by <c>((cos α − 1) R, sin α R)</c>. When <c>|α| ≤ 1e-10</c> it
    /// moves <c>d_l</c> straight ahead. The heading of the result is wrapped into <c>[-π, π)</c>.
    /// </remarks>
    public static MazePose Drive(MazePose pose, double leftWheel, double rightWheel)
    {
        (double sinH, double cosH) = Math.SinCos(pose.Heading);
        return Drive(pose, sinH, cosH, leftWheel, rightWheel);
    }

    /// <summary><see cref="Drive(MazePose, double, double)"/> with the sine and cosine of the heading already known.</summary>
    internal static MazePose Drive(MazePose pose, double sinH, double cosH, double leftWheel, double rightWheel)
    {
        double alpha = (rightWheel - leftWheel) / WheelBase;
        if (Math.Abs(alpha) <= StraightThreshold)
            return new MazePose(pose.X + leftWheel * cosH, pose.Y + leftWheel * sinH, WrapAngle(pose.Heading));

        double r = leftWheel / alpha + Radius;
        // Half-angle forms: cos α − 1 = −2 sin²(α/2) keeps its precision for small turns, where the
        // direct difference would cancel to zero.
        (double s, double c) = Math.SinCos(0.5 * alpha);
        double side = -2.0 * s * s * r;   // along the robot's right, (cos α − 1) R
        double ahead = 2.0 * s * c * r;   // along the heading, sin α R
        // Robot frame to world frame: rotate by heading − π/2, whose cosine is sin h and sine is −cos h.
        double dx = side * sinH + ahead * cosH;
        double dy = ahead * sinH - side * cosH;
        return new MazePose(pose.X + dx, pose.Y + dy, WrapAngle(pose.Heading + alpha));
    }

    /// <summary>Whether the robot centred at <c>(x, y)</c> touches a wall (a wall within <see cref="Radius"/>, inclusive).</summary>
    public bool Collides(double x, double y) => Layout.Overlaps(x, y, Radius);

    /// <summary>
    /// One simulation step: drives the wheels by <paramref name="leftWheel"/> and
    /// <paramref name="rightWheel"/>; a move that would end touching a wall is undone entirely
    /// (position and heading stay as they were). Writes the bumper readings of the attempted pose
    /// to <paramref name="bumpers"/>, which are both <see cref="NoReading"/> when the move succeeds.
    /// </summary>
    /// <param name="pose">Current pose; replaced by the new pose when the move succeeds.</param>
    /// <param name="leftWheel">Left wheel displacement.</param>
    /// <param name="rightWheel">Right wheel displacement.</param>
    /// <param name="bumpers">Receives the two bumper readings (see <see cref="ReadBumpers"/>).</param>
    /// <returns>Whether the robot moved (false when the move was blocked by a wall).</returns>
    /// <exception cref="ArgumentException"><paramref name="bumpers"/> does not have length 2.</exception>
    public bool Step(ref MazePose pose, double leftWheel, double rightWheel, Span<double> bumpers)
    {
        if (bumpers.Length != 2)
            throw new ArgumentException($"Bumper span must have length 2, got {bumpers.Length}.", nameof(bumpers));
        var attempt = Drive(pose, leftWheel, rightWheel);
        if (!Collides(attempt.X, attempt.Y))
        {
            pose = attempt;
            bumpers[0] = NoReading;
            bumpers[1] = NoReading;
            return true;
        }
        // The contact happens at the attempted pose, so that is where the bumpers feel it.
        ReadBumpers(attempt, bumpers);
        return false;
    }

    /// <summary>
    /// Reads the three lasers at <paramref name="pose"/>: the distance from the robot's centre to
    /// the first wall along the directions heading − π/4, heading and heading + π/4, or
    /// <see cref="NoReading"/> when that wall is further than <see cref="LaserRange"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="readings"/> does not have length 3.</exception>
    public void ReadLasers(MazePose pose, Span<double> readings)
    {
        if (readings.Length != LaserCount)
            throw new ArgumentException($"Laser span must have length {LaserCount}, got {readings.Length}.", nameof(readings));
        Span<double> distancesSquared = stackalloc double[Layout.PaddedWallCount];
        MeasureWalls(pose.X, pose.Y, distancesSquared);
        (double sinH, double cosH) = Math.SinCos(pose.Heading);
        ReadLasers(pose.X, pose.Y, sinH, cosH, distancesSquared, readings);
    }

    /// <summary>
    /// Writes the squared distance from <c>(x, y)</c> to every wall (see <see cref="MazeLayout.MeasureWalls"/>;
    /// the span needs <see cref="MazeLayout.PaddedWallCount"/> entries) and returns whether the
    /// robot centred there touches one, exactly as <see cref="Collides"/> decides.
    /// </summary>
    internal bool MeasureWalls(double x, double y, Span<double> distancesSquared) =>
        Layout.MeasureWalls(x, y, distancesSquared) <= Radius * Radius;

    /// <summary>
    /// Laser readings from a known heading sine and cosine and the squared wall distances of
    /// <see cref="MeasureWalls"/> at the same position, which let every laser skip the walls
    /// beyond its range (typically most of them).
    /// </summary>
    internal void ReadLasers(double x, double y, double sinH, double cosH, ReadOnlySpan<double> distancesSquared, Span<double> readings)
    {
        // Side directions by the angle-sum formulas: no extra trigonometry per step.
        double rightX = cosH * SideCosine + sinH * SideSine, rightY = sinH * SideCosine - cosH * SideSine;
        double leftX = cosH * SideCosine - sinH * SideSine, leftY = sinH * SideCosine + cosH * SideSine;
        double nearRight = double.PositiveInfinity, nearAhead = double.PositiveInfinity, nearLeft = double.PositiveInfinity;
        var walls = Layout.WallSpan;
        distancesSquared = distancesSquared[..walls.Length];
        for (int k = 0; k < walls.Length; k++)
        {
            // A ray meets a wall no nearer than the wall's distance; the margin only guards rounding.
            if (distancesSquared[k] > PruneDistanceSquared)
                continue;
            ref readonly var wall = ref walls[k];
            double d = wall.RayDistance(x, y, rightX, rightY);
            if (d < nearRight) nearRight = d;
            d = wall.RayDistance(x, y, cosH, sinH);
            if (d < nearAhead) nearAhead = d;
            d = wall.RayDistance(x, y, leftX, leftY);
            if (d < nearLeft) nearLeft = d;
        }
        readings[0] = nearRight <= LaserRange ? nearRight : NoReading;
        readings[1] = nearAhead <= LaserRange ? nearAhead : NoReading;
        readings[2] = nearLeft <= LaserRange ? nearLeft : NoReading;
    }

    /// <summary>
    /// Reads the two bumpers at <paramref name="pose"/>. For every wall within <see cref="Radius"/>
    /// of the centre (inclusive), the angle from the heading to the direction of the wall's
    /// nearest point, wrapped into <c>[-π, π)</c>, presses bumper 0 when in <c>(−π/2, 0]</c> and
    /// bumper 1 when in <c>[0, π/2)</c> (both when straight ahead, neither when behind).
    /// Readings are <see cref="Pressed"/> or <see cref="NoReading"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="readings"/> does not have length 2.</exception>
    public void ReadBumpers(MazePose pose, Span<double> readings)
    {
        if (readings.Length != 2)
            throw new ArgumentException($"Bumper span must have length 2, got {readings.Length}.", nameof(readings));
        bool clockwise = false, counterClockwise = false;
        const double limit = Radius * Radius;
        foreach (ref readonly var wall in Layout.WallSpan)
        {
            if (wall.DistanceSquaredTo(pose.X, pose.Y) > limit)
                continue;
            (double px, double py) = wall.ClosestPoint(pose.X, pose.Y);
            double difference = WrapAngle(Math.Atan2(py - pose.Y, px - pose.X) - pose.Heading);
            clockwise |= difference <= 0.0 && difference > -Math.PI / 2;
            counterClockwise |= difference >= 0.0 && difference < Math.PI / 2;
        }
        readings[0] = clockwise ? Pressed : NoReading;
        readings[1] = counterClockwise ? Pressed : NoReading;
    }

    /// <summary>
    /// Writes the full observation at <paramref name="pose"/>: the three lasers then the two
    /// bumpers, all read at that pose (the rollout's first observation).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="observation"/> does not have length <see cref="ObservationDim"/>.</exception>
    public void Observe(MazePose pose, Span<double> observation)
    {
        if (observation.Length != ObservationDim)
            throw new ArgumentException($"Observation span must have length {ObservationDim}, got {observation.Length}.", nameof(observation));
        ReadLasers(pose, observation[..LaserCount]);
        ReadBumpers(pose, observation[LaserCount..]);
    }

    // Wraps an angle into [-π, π); inputs from a step are at most one turn out, the general case is rare.
    private static double WrapAngle(double angle)
    {
        if (angle >= Math.PI)
            angle -= TwoPi;
        else if (angle < -Math.PI)
            angle += TwoPi;
        if (angle >= -Math.PI && angle < Math.PI)
            return angle;
        angle = Math.IEEERemainder(angle, TwoPi);
        return angle >= Math.PI ? angle - TwoPi : angle;
    }
}
