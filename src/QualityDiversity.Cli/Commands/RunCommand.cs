using System.CommandLine;
using QualityDiversity.Experiments.Algorithms;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments;

namespace QualityDiversity.Cli.Commands;

/// <summary>
/// <c>qd run [CONFIG | --algorithm NAME [--task TASK] [--dim N] [--es ES]] [--out DIR] [--seed N] [--iterations N] [--svg]</c>:
/// starts a search described by a JSON file or by a named algorithm.
/// </summary>
internal static class RunCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var config = new Argument<string?>("CONFIG")
        {
            Description = "JSON configuration file; without it, the built-in QDHF search on the robotic arm with a simulated judge (examples/arm-qdhf.json).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Output directory [default: runs/<config name>-<yyyyMMdd-HHmmss>].",
            HelpName = "DIR",
        };
        var seed = new Option<long?>("--seed") { Description = "Run seed, replacing the configuration's.", HelpName = "N" };
        var iterations = new Option<int?>("--iterations", "-n") { Description = "Number of iterations, replacing the configuration's.", HelpName = "N" };
        var svg = new Option<bool>("--svg") { Description = "Also write the figures as SVG." };
        var algorithm = new Option<string?>("--algorithm", "-a")
        {
            Description = $"Run a named algorithm with its standard settings instead of a CONFIG file: {string.Join(", ", AlgorithmCatalog.Names)}.",
            HelpName = "NAME",
        };
        var task = new Option<string?>("--task") { Description = $"Task of --algorithm [default: {DefaultTask}].", HelpName = "TASK" };
        var dim = new Option<int?>("--dim") { Description = $"Solution dimension of --algorithm's task [default: {AlgorithmCatalog.DefaultDim}].", HelpName = "N" };
        var cluster = new Option<string[]>("--cluster")
        {
            Description = "Evaluate on the workers of a cluster ('qd worker') through these gateways [default: the config's evaluation.cluster gateways, else 127.0.0.1:30000].",
            HelpName = "HOST:PORT",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = true,
        };
        var es = new Option<string?>("--es") { Description = "Evolution strategy of --algorithm's CMA emitters: cma_es, sep_cma_es, pyribs_cma_es, lm_ma_es or openai_es.", HelpName = "ES" };

        var command = new Command("run", "Run a quality-diversity search and write its results to an output directory.")
        {
            config, algorithm, task, dim, es, output, seed, iterations, svg, cluster,
        };
        command.SetAction((parse, _) => CommandGuard.RunAsync(context, () =>
        {
            string? name = parse.GetValue(algorithm);
            AlgorithmSelection? selection = null;
            if (name is not null)
                selection = new AlgorithmSelection(name, parse.GetValue(task) ?? DefaultTask, "--task", parse.GetValue(dim), parse.GetValue(es));
            else if (FirstGiven(parse, task, dim, es) is { } stray)
                throw new CliException($"{stray}: only applies with --algorithm; a CONFIG file names its own task and emitters.");
            return ExecuteAsync(context, parse.GetValue(config), parse.GetValue(output),
                new ConfigOverrides(parse.GetValue(seed), parse.GetValue(iterations)), parse.GetValue(svg), selection,
                parse.GetResult(cluster) is { Implicit: false } ? parse.GetValue(cluster) ?? [] : null);
        }));
        return command;
    }

    /// <summary>The task of <c>--algorithm</c> when <c>--task</c> is not given.</summary>
    public const string DefaultTask = "lp-sphere";

    private static string? FirstGiven(ParseResult parse, params Option[] options) =>
        options.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false })?.Name;

    /// <summary>Runs the command.</summary>
    /// <param name="context">Output streams and cancellation.</param>
    /// <param name="configPath">The configuration file, or null for the default search or <paramref name="algorithm"/>.</param>
    /// <param name="outPath">The output directory, or null for the default.</param>
    /// <param name="overrides">Seed and iteration overrides.</param>
    /// <param name="svg">Whether to write SVG figures too.</param>
    /// <param name="algorithm">A named algorithm to run instead of a configuration file.</param>
    /// <param name="cluster">
    /// Gateways of <c>--cluster</c>: evaluate on a cluster even without an evaluation.cluster section (empty: the
    /// configured or default gateways); null when the option is not given.
    /// </param>
    public static async Task<int> ExecuteAsync(CliContext context, string? configPath, string? outPath, ConfigOverrides overrides, bool svg,
        AlgorithmSelection? algorithm = null, IReadOnlyList<string>? cluster = null)
    {
        if (algorithm is not null && configPath is not null)
            throw new CliException($"--algorithm: give either a CONFIG file or --algorithm, not both (got '{configPath}' and --algorithm {algorithm.Algorithm}).");
        ExperimentConfig config = algorithm is not null ? algorithm.Resolve(overrides)
            : configPath is null ? ConfigLoader.LoadDefault(overrides) : ConfigLoader.LoadAny(configPath, overrides);
        if (outPath is not null && string.IsNullOrWhiteSpace(outPath))
            throw new CliException("--out: is empty; give the path of the run directory.");
        string directory = outPath ?? RunDirectory.CreateDefault(config.Name, context.Now()).Path;
        if (new RunDirectory(directory).HoldsRun)
            throw new CliException($"--out: '{directory}' already holds a run. Continue it with 'qd resume {directory}' or choose another --out.");
        // With --cluster, config.json records the gateways, so that qd resume goes on evaluating there.
        await using var clusterSession = ClusterSession.Prepare(context, config, cluster);
        if (clusterSession is not null)
        {
            config = clusterSession.Record(config);
            await clusterSession.ConnectAsync("no run was started.").ConfigureAwait(false);
        }
        using var run = Experiment.Start(config, directory, clusterSession?.Evaluator);
        run.Svg = svg;
        context.Out.WriteLine($"Running '{config.Name}': {run.Description}");
        context.Out.WriteLine($"Output: {run.Directory.Path}");
        return await ClusterSession.RunAsync(context, run, clusterSession).ConfigureAwait(false);
    }
}
