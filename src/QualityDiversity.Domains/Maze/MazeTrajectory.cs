namespace QualityDiversity.Domains.Maze;

/// <summary>The full record of one policy rollout in the maze, for plots and inspection.</summary>
public sealed class MazeTrajectory
{
    internal MazeTrajectory(MazePose[] poses, bool[] blocked, double energy, double objective)
    {
        Poses = Array.AsReadOnly(poses);
        Blocked = Array.AsReadOnly(blocked);
        Energy = energy;
        Objective = objective;
    }

    /// <summary>The start pose followed by the pose after every step: steps + 1 entries.</summary>
    public IReadOnlyList<MazePose> Poses { get; }

    /// <summary>Per step, whether the move was undone because it would have touched a wall.</summary>
    public IReadOnlyList<bool> Blocked { get; }

    /// <summary>Sum over steps of the squared wheel displacements <c>d_l² + d_r²</c> (the negated return).</summary>
    public double Energy { get; }

    /// <summary>The task's objective for this rollout.</summary>
    public double Objective { get; }

    /// <summary>The pose after the last step (its position is the rollout's measures).</summary>
    public MazePose Final => Poses[^1];
}
