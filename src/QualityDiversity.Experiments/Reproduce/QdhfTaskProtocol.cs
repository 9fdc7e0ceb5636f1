using QualityDiversity.Domains;
using QualityDiversity.Domains.Maze;
using QualityDiversity.Randomness;
using QualityDiversity.Solutions;

namespace QualityDiversity.Experiments.Reproduce;

/// <summary>
/// The settings of QDHF's benchmark protocol on one task: the task, how random solutions are
/// drawn, MAP-Elites' mutation and batch, the judgment budget, and the scoring archive.
/// </summary>
internal sealed record QdhfTaskProtocol
{
    /// <summary>The protocol's name on the command line (<c>qdhf-arm</c>, <c>qdhf-maze</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Title of the summary.</summary>
    public required string Title { get; init; }

    /// <summary>Builds the task (a fresh instance per trial, as tasks may keep scratch state).</summary>
    public required Func<IBenchmarkTask> CreateTask { get; init; }

    /// <summary>
    /// Draws <c>count</c> random solutions for the task: the initial population and the fresh
    /// candidates of the first judgments.
    /// </summary>
    public required Func<IBenchmarkTask, int, RandomSource, SolutionBatch<double>> Sample { get; init; }

    /// <summary>Standard deviation of MAP-Elites' Gaussian mutation.</summary>
    public required double Sigma { get; init; }

    /// <summary>Candidates per iteration.</summary>
    public required int BatchSize { get; init; }

    /// <summary>Random solutions evaluated before the first iteration.</summary>
    public required int InitialPopulation { get; init; }

    /// <summary>Judgments in total over a run.</summary>
    public required int JudgmentBudget { get; init; }

    /// <summary>Default number of trials.</summary>
    public required int DefaultTrials { get; init; }

    /// <summary>Iterations per trial.</summary>
    public int Iterations { get; init; } = 1000;

    /// <summary>Cells per axis of the search and scoring archives.</summary>
    public int CellsPerAxis { get; init; } = 50;

    /// <summary>Iterations between ground-truth scores.</summary>
    public int ScoreEvery { get; init; } = 20;

    /// <summary>A sampler drawing every coordinate uniformly from [<paramref name="lower"/>, <paramref name="upper"/>).</summary>
    public static Func<IBenchmarkTask, int, RandomSource, SolutionBatch<double>> Uniform(double lower, double upper) => (task, count, random) =>
    {
        var data = new double[count * task.SolutionDim];
        random.FillUniform(data, lower, upper);
        return new SolutionBatch<double>(data, task.SolutionDim);
    };

    /// <summary>The robotic arm protocol: 10 joints, σ 0.1, batch 100, 100 initial solutions in [−π, π], 1000 judgments, 20 trials.</summary>
    public static QdhfTaskProtocol Arm { get; } = new()
    {
        Id = "qdhf-arm",
        Title = "QDHF protocol: robotic arm (10 joints)",
        CreateTask = () => new RoboticArmTask(10),
        Sample = Uniform(-Math.PI, Math.PI),
        Sigma = 0.1,
        BatchSize = 100,
        InitialPopulation = 100,
        JudgmentBudget = 1000,
        DefaultTrials = 20,
    };

    /// <summary>
    /// The maze protocol: MLP policies (5 → 8 → 2) initialised as the reference does, σ 0.2,
    /// batch 200, 200 initial policies, 200 judgments, 10 trials.
    /// </summary>
    public static QdhfTaskProtocol Maze { get; } = new()
    {
        Id = "qdhf-maze",
        Title = "QDHF protocol: Kheperax-style maze (MLP policies, 250 steps)",
        CreateTask = () => new MazeTask(),
        Sample = (task, count, random) =>
        {
            var maze = (MazeTask)task;
            var data = new double[count * maze.SolutionDim];
            for (int i = 0; i < count; i++) maze.SampleInitial(random, data.AsSpan(i * maze.SolutionDim, maze.SolutionDim));
            return new SolutionBatch<double>(data, maze.SolutionDim);
        },
        Sigma = MazeTask.ReferenceMutationSigma,
        BatchSize = 200,
        InitialPopulation = 200,
        JudgmentBudget = 200,
        DefaultTrials = 10,
    };

    /// <summary>The protocols by id.</summary>
    public static IReadOnlyList<QdhfTaskProtocol> All => [Arm, Maze];
}
