using QualityDiversity.Domains.Maze;

namespace QualityDiversity.Domains;

/// <summary>Catalogue of the built-in benchmark tasks, looked up by name.</summary>
public static class BenchmarkTasks
{
    /// <summary>Catalogue key of the linear-projection sphere (alias <c>"sphere"</c>).</summary>
    public const string LinearProjectionSphere = "lp-sphere";

    /// <summary>Catalogue key of the linear-projection Rastrigin (alias <c>"rastrigin"</c>).</summary>
    public const string LinearProjectionRastrigin = "lp-rastrigin";

    /// <summary>Catalogue key of the planar robotic arm.</summary>
    public const string Arm = "arm";

    /// <summary>
    /// Catalogue key of the Kheperax-style deceptive maze (<see cref="MazeTask"/>). Its solution
    /// dimension is fixed by the policy network (66), so <see cref="Create"/> ignores the requested one.
    /// </summary>
    public const string Maze = "maze";

    private static readonly Dictionary<string, Func<int, IBenchmarkTask>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        [LinearProjectionSphere] = d => new LinearProjectionTask(LinearProjectionFunction.Sphere, d),
        ["sphere"] = d => new LinearProjectionTask(LinearProjectionFunction.Sphere, d),
        [LinearProjectionRastrigin] = d => new LinearProjectionTask(LinearProjectionFunction.Rastrigin, d),
        ["rastrigin"] = d => new LinearProjectionTask(LinearProjectionFunction.Rastrigin, d),
        [Arm] = d => new RoboticArmTask(d),
        [Maze] = _ => new MazeTask(),
    };

    /// <summary>Canonical task names, without aliases.</summary>
    public static IReadOnlyList<string> Names { get; } = Array.AsReadOnly(new[] { LinearProjectionSphere, LinearProjectionRastrigin, Arm, Maze });

    /// <summary>Every accepted name: canonical names followed by aliases.</summary>
    public static IReadOnlyList<string> NamesAndAliases { get; } = Array.AsReadOnly(new[] { LinearProjectionSphere, LinearProjectionRastrigin, Arm, Maze, "sphere", "rastrigin" });

    /// <summary>
    /// Creates the task called <paramref name="name"/> (case-insensitive, surrounding spaces
    /// ignored) with solution dimension <paramref name="dimension"/> (number of joints for the arm;
    /// ignored by the maze, whose dimension is always 66).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException">The name is unknown (the message lists the known names).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is too small for the task.</exception>
    public static IBenchmarkTask Create(string name, int dimension)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Factories.TryGetValue(name.Trim(), out var factory))
            throw new ArgumentException(
                $"Unknown benchmark task '{name}'. Known tasks: {string.Join(", ", Names)} (aliases: sphere, rastrigin).",
                nameof(name));
        return factory(dimension);
    }

    /// <summary>Whether <paramref name="name"/> is a known task name or alias.</summary>
    public static bool IsKnown(string? name) => name is not null && Factories.ContainsKey(name.Trim());
}
