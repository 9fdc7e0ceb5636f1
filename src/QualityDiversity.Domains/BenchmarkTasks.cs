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

    private static readonly Lock Gate = new();

    private static readonly string[] BuiltInNames = [LinearProjectionSphere, LinearProjectionRastrigin, Arm, Maze];

    private static readonly Dictionary<string, Func<int, IBenchmarkTask>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        [LinearProjectionSphere] = d => new LinearProjectionTask(LinearProjectionFunction.Sphere, d),
        ["sphere"] = d => new LinearProjectionTask(LinearProjectionFunction.Sphere, d),
        [LinearProjectionRastrigin] = d => new LinearProjectionTask(LinearProjectionFunction.Rastrigin, d),
        ["rastrigin"] = d => new LinearProjectionTask(LinearProjectionFunction.Rastrigin, d),
        [Arm] = d => new RoboticArmTask(d),
        [Maze] = _ => new MazeTask(),
    };

    private static readonly List<string> Registered = [];

    /// <summary>Canonical task names, without aliases: the built-in ones, then those registered with <see cref="Register"/>.</summary>
    public static IReadOnlyList<string> Names
    {
        get
        {
            lock (Gate) return [.. BuiltInNames, .. Registered];
        }
    }

    /// <summary>Every accepted name: canonical names followed by aliases.</summary>
    public static IReadOnlyList<string> NamesAndAliases
    {
        get
        {
            lock (Gate) return [.. BuiltInNames, .. Registered, "sphere", "rastrigin"];
        }
    }

    /// <summary>
    /// Makes a task of your own available by name, so that configurations (in code or in JSON
    /// files) and everything that runs them — experiments, resume, figures — can use it like a
    /// built-in task. Register it again in every process that resumes such a run.
    /// </summary>
    /// <param name="name">The name configurations use (case-insensitive); the task's <see cref="IBenchmarkTask.Id"/> should be the same.</param>
    /// <param name="factory">Creates the task for a solution dimension; throw <see cref="ArgumentOutOfRangeException"/> for a dimension it does not support.</param>
    /// <exception cref="ArgumentException">The name is empty or taken by a built-in task or alias.</exception>
    public static void Register(string name, Func<int, IBenchmarkTask> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        string key = name.Trim();
        lock (Gate)
        {
            bool builtIn = BuiltInNames.Contains(key, StringComparer.OrdinalIgnoreCase) || key.Equals("sphere", StringComparison.OrdinalIgnoreCase) || key.Equals("rastrigin", StringComparison.OrdinalIgnoreCase);
            if (builtIn) throw new ArgumentException($"'{key}' is the name of a built-in task; choose another name.", nameof(name));
            if (!Registered.Contains(key, StringComparer.OrdinalIgnoreCase)) Registered.Add(key);
            Factories[key] = factory;
        }
    }

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
        Func<int, IBenchmarkTask>? factory;
        lock (Gate) Factories.TryGetValue(name.Trim(), out factory);
        if (factory is null)
            throw new ArgumentException(
                $"Unknown benchmark task '{name}'. Known tasks: {string.Join(", ", Names)} (aliases: sphere, rastrigin; tasks of your own are added with BenchmarkTasks.Register).",
                nameof(name));
        return factory(dimension);
    }

    /// <summary>Whether <paramref name="name"/> is a known task name or alias.</summary>
    public static bool IsKnown(string? name)
    {
        if (name is null) return false;
        lock (Gate) return Factories.ContainsKey(name.Trim());
    }
}
