using QualityDiversity.Evaluation;
using QualityDiversity.Randomness;
using System.Collections.ObjectModel;

namespace QualityDiversity.Domains.Maze;

/// <summary>
/// Deceptive-maze benchmark in the style of Kheperax, as used for the maze task of Quality
/// Diversity through Human Feedback: a solution is the genome of an MLP policy
/// (<see cref="MazePolicy"/>, 66 numbers) that drives a <see cref="MazeRobot"/> from its start
/// pose for a fixed number of steps.
/// </summary>
/// <remarks>
/// <para>Each step the policy maps the observation to wheel commands, clipped to <c>[-1, 1]</c>
/// and scaled by <see cref="MazeRobot.MaxWheelDisplacement"/> into wheel displacements
/// <c>(d_l, d_r)</c>; the robot moves unless that would make it touch a wall. The first
/// observation is read at the start pose; later ones read the lasers at the current pose and
/// the bumpers at the attempted pose (see <see cref="MazeRobot.Step"/>).</para>
/// <para>Objective: with <c>F = −Σ (d_l² + d_r²)</c> over the steps (charged whether or not the
/// move succeeds), <c>(F + 0.3) / 0.3 · 100</c>. A motionless policy scores 100; full speed on
/// both wheels for 250 steps scores about −4.2. The goal area plays no part in it.</para>
/// <para>Measures: final position <c>(x, y)</c>, inside <c>[0, 1]²</c>. Features
/// (<see cref="FeatureDim"/> = 2 · steps): the position after every step,
/// <c>x₁, y₁, x₂, y₂, …</c>; the last pair equals the measures.</para>
/// </remarks>
public sealed class MazeTask : BenchmarkTask, IMeasuresFromFeatures
{
    /// <summary>Steps per rollout in the reference setting.</summary>
    public const int DefaultSteps = 250;

    /// <summary>The energy that maps to objective 0: <c>objective = (0.3 − energy) / 0.3 · 100</c>.</summary>
    public const double EnergyScale = 0.3;

    /// <summary>
    /// Standard deviation of the Gaussian mutation the reference search applies to elites'
    /// genomes, every coordinate, with no bounds.
    /// </summary>
    public const double ReferenceMutationSigma = 0.2;

    private static readonly ReadOnlyCollection<(double Lower, double Upper)> UnitSquare = Array.AsReadOnly(new[] { (0.0, 1.0), (0.0, 1.0) });

    /// <summary>Creates the reference task: the standard maze, 250 steps, ReLU hidden layer.</summary>
    public MazeTask()
        : this(MazeLayout.Standard)
    {
    }

    /// <summary>Creates a maze task.</summary>
    /// <param name="layout">The maze.</param>
    /// <param name="steps">Steps per rollout; at least 1.</param>
    /// <param name="hiddenActivation">Activation of the policy's hidden layer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="layout"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is below 1 or <paramref name="hiddenActivation"/> is not defined.</exception>
    public MazeTask(MazeLayout layout, int steps = DefaultSteps, MazeHiddenActivation hiddenActivation = MazeHiddenActivation.Relu)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (steps < 1)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "A maze rollout needs at least one step.");
        if (!Enum.IsDefined(hiddenActivation))
            throw new ArgumentOutOfRangeException(nameof(hiddenActivation), hiddenActivation, "Unknown hidden activation.");
        Robot = new MazeRobot(layout);
        Steps = steps;
        HiddenActivation = hiddenActivation;
    }

    /// <summary>The maze.</summary>
    public MazeLayout Layout => Robot.Layout;

    /// <summary>The simulated robot.</summary>
    public MazeRobot Robot { get; }

    /// <summary>Steps per rollout.</summary>
    public int Steps { get; }

    /// <summary>Activation of the policy's hidden layer.</summary>
    public MazeHiddenActivation HiddenActivation { get; }

    /// <inheritdoc />
    public override string Id => "maze";

    /// <inheritdoc />
    public override string Name => $"Kheperax maze ({Steps} steps)";

    /// <inheritdoc />
    public override int SolutionDim => MazePolicy.ParameterCount;

    /// <inheritdoc />
    public override int MeasureDim => 2;

    /// <inheritdoc />
    public override IReadOnlyList<string> MeasureNames { get; } = ["final x (maze widths)", "final y (maze widths)"];

    /// <inheritdoc />
    public override int FeatureDim => 2 * Steps;

    /// <inheritdoc />
    public override IReadOnlyList<(double Lower, double Upper)> MeasureRanges => UnitSquare;

    /// <summary>
    /// <c>±sqrt(3/5) ≈ ±0.775</c>, the LeCun-uniform range of the hidden weights, applied to every
    /// coordinate. <see cref="SampleInitial"/> reproduces the reference initialisation exactly.
    /// </summary>
    public override (double Lower, double Upper) InitialRange => (-MazePolicy.HiddenInitLimit, MazePolicy.HiddenInitLimit);

    /// <summary>The objective of a rollout whose squared wheel displacements sum to <paramref name="energy"/>.</summary>
    public static double ObjectiveFromEnergy(double energy) => (EnergyScale - energy) / EnergyScale * 100.0;

    /// <summary>Draws a random initial policy as the reference does (see <see cref="MazePolicy.SampleInitial"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="genome"/> does not have length <see cref="SolutionDim"/>.</exception>
    public void SampleInitial(RandomSource random, Span<double> genome) => MazePolicy.SampleInitial(random, genome);

    /// <summary>Runs one policy and records every pose, for plots and tests; same numbers as evaluation.</summary>
    /// <exception cref="ArgumentException"><paramref name="genome"/> does not have length <see cref="SolutionDim"/>.</exception>
    public MazeTrajectory Trajectory(ReadOnlySpan<double> genome)
    {
        CheckGenome(genome);
        var positions = new double[2 * Steps];
        var poses = new MazePose[Steps + 1];
        var blocked = new bool[Steps];
        double energy = Rollout(genome, positions, poses, blocked);
        return new MazeTrajectory(poses, blocked, energy, ObjectiveFromEnergy(energy));
    }

    /// <summary>The final position from the features: their last (x, y) pair.</summary>
    public void MeasuresFromFeatures(ReadOnlySpan<double> features, Span<double> measures)
    {
        if (features.Length != FeatureDim) throw new ArgumentException($"Features span has length {features.Length} but the task writes {FeatureDim}.", nameof(features));
        measures[0] = features[^2];
        measures[1] = features[^1];
    }

    /// <inheritdoc />
    protected override double Evaluate(ReadOnlySpan<double> solution, Span<double> measures, Span<double> features)
    {
        double energy = Rollout(solution, features, default, default);
        measures[0] = features[^2];
        measures[1] = features[^1];
        return ObjectiveFromEnergy(energy);
    }

    // The one rollout loop behind evaluation and trajectories, so both give identical numbers.
    // positions receives (x, y) after every step; poses (start + every step) and blocked are
    // filled when non-empty. It produces exactly what Observe, Step and ReadLasers would, but
    // reuses work between steps: the heading's sine and cosine, the wall distances (the
    // collision test's by-product, which prune the laser rays) and, after a blocked move, the
    // unchanged laser readings.
    private double Rollout(ReadOnlySpan<double> genome, Span<double> positions, Span<MazePose> poses, Span<bool> blocked)
    {
        var robot = Robot;
        int wallCount = robot.Layout.PaddedWallCount;
        Span<double> observation = stackalloc double[MazeRobot.ObservationDim];
        Span<double> action = stackalloc double[MazePolicy.OutputDim];
        Span<double> current = stackalloc double[wallCount];
        Span<double> next = stackalloc double[wallCount];
        var lasers = observation[..MazeRobot.LaserCount];
        var bumpers = observation[MazeRobot.LaserCount..];
        bool record = !poses.IsEmpty;

        var pose = MazeRobot.StartPose;
        (double sinH, double cosH) = Math.SinCos(pose.Heading);
        robot.MeasureWalls(pose.X, pose.Y, current);
        robot.ReadLasers(pose.X, pose.Y, sinH, cosH, current, lasers);
        robot.ReadBumpers(pose, bumpers);
        if (record)
            poses[0] = pose;

        double energy = 0.0;
        for (int t = 0; t < Steps; t++)
        {
            MazePolicy.Forward(genome, observation, action, HiddenActivation);
            double left = Math.Clamp(action[0], -1.0, 1.0) * MazeRobot.MaxWheelDisplacement;
            double right = Math.Clamp(action[1], -1.0, 1.0) * MazeRobot.MaxWheelDisplacement;
            energy += left * left + right * right;

            var attempt = MazeRobot.Drive(pose, sinH, cosH, left, right);
            bool moved = !robot.MeasureWalls(attempt.X, attempt.Y, next);
            if (moved)
            {
                pose = attempt;
                var swap = current;
                current = next;
                next = swap;
                (sinH, cosH) = Math.SinCos(pose.Heading);
                robot.ReadLasers(pose.X, pose.Y, sinH, cosH, current, lasers);
                bumpers[0] = MazeRobot.NoReading;
                bumpers[1] = MazeRobot.NoReading;
            }
            else
            {
                robot.ReadBumpers(attempt, bumpers);
            }

            positions[2 * t] = pose.X;
            positions[2 * t + 1] = pose.Y;
            if (record)
            {
                poses[t + 1] = pose;
                blocked[t] = !moved;
            }
        }
        return energy;
    }

    private void CheckGenome(ReadOnlySpan<double> genome)
    {
        if (genome.Length != SolutionDim)
            throw new ArgumentException($"Genome has length {genome.Length} but the maze policy has {SolutionDim} parameters.", nameof(genome));
    }
}
