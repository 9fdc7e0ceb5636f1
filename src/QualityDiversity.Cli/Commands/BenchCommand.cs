using QualityDiversity.Experiments.Output;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using QualityDiversity.Experiments.Algorithms;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Cli.Progress;
using QualityDiversity.Experiments.Search;

namespace QualityDiversity.Cli.Commands;

/// <summary>
/// <c>qd bench TASK --algorithm NAME [--dim N] [--iterations N] [--seed N] [--es ES] [--sequential-emitters] [--profile] [--json]</c>:
/// times a named algorithm's standard configuration on a task, without any output files.
/// </summary>
internal static class BenchCommand
{
    /// <summary>The keys of the JSON line, in order.</summary>
    public static IReadOnlyList<string> JsonKeys { get; } =
        ["algorithm", "task", "dim", "iterations", "evaluations", "wall_seconds", "qd_score", "norm_qd_score", "coverage"];

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var task = new Argument<string>("TASK") { Description = "Benchmark task: lp-sphere, lp-rastrigin or arm." };
        var algorithm = new Option<string?>("--algorithm", "-a")
        {
            Description = $"The algorithm, run with its standard settings (required): {string.Join(", ", AlgorithmCatalog.Names)}.",
            HelpName = "NAME",
        };
        var dim = new Option<int?>("--dim") { Description = $"Solution dimension (joints for the arm) [default: {AlgorithmCatalog.DefaultDim}].", HelpName = "N" };
        var iterations = new Option<int?>("--iterations", "-n") { Description = $"Iterations [default: {AlgorithmCatalog.DefaultIterations:N0}].", HelpName = "N" };
        var seed = new Option<long?>("--seed") { Description = "Run seed [default: 0].", HelpName = "N" };
        var es = new Option<string?>("--es") { Description = "Evolution strategy of the CMA emitters: cma_es (the algorithms' own), sep_cma_es, pyribs_cma_es (pyribs 0.8's CMA-ES update rules), lm_ma_es or openai_es.", HelpName = "ES" };
        var parallel = new Option<bool>("--sequential-emitters") { Description = "Ask and tell the emitters of an iteration one after another instead of concurrently (same results, other speed)." };
        var profile = new Option<bool>("--profile") { Description = "Also report where the time of an iteration goes (ask / evaluate / tell, emitters vs. archives) and allocations." };
        var json = new Option<bool>("--json") { Description = "End with one JSON line: " + string.Join(", ", JsonKeys) + "." };

        var command = new Command("bench", "Time a named algorithm's standard configuration on a task (100x100 grid, 540 candidates per iteration); writes no files.")
        {
            task, algorithm, dim, iterations, seed, es, parallel, profile, json,
        };
        command.SetAction((parse, _) => CommandGuard.RunAsync(context, () => ExecuteAsync(context,
            parse.GetValue(task)!, parse.GetValue(algorithm), parse.GetValue(dim), parse.GetValue(iterations), parse.GetValue(seed),
            parse.GetValue(es), parse.GetValue(parallel), parse.GetValue(profile), parse.GetValue(json))));
        return command;
    }

    /// <summary>Runs the command.</summary>
    public static async Task<int> ExecuteAsync(CliContext context, string task, string? algorithm, int? dim, int? iterations, long? seed,
        string? es, bool sequentialEmitters, bool profile, bool json)
    {
        if (algorithm is null)
            throw new CliException($"--algorithm: is required. {AlgorithmCatalog.KnownNamesText}");
        var selection = new AlgorithmSelection(algorithm, task, "TASK", dim, es);
        var config = selection.Resolve(new ConfigOverrides(seed ?? 0, iterations ?? AlgorithmCatalog.DefaultIterations));
        if (sequentialEmitters) config = config with { Scheduler = config.Scheduler with { ParallelEmitters = false } };

        string name = selection.CanonicalAlgorithm + (es is null ? string.Empty : ":" + es);
        var result = await SearchBenchmark.RunAsync(config, profile, context.Cancellation).ConfigureAwait(false);
        var output = context.Out;
        if (!json || profile)
        {
            // The readable summary; with --json only the profile precedes the JSON line.
            if (!json) WriteSummary(output, name, result);
            if (result.Profile is { } p) WriteProfile(output, result, p, config.Scheduler.ParallelEmitters);
        }
        if (json) output.WriteLine(ToJson(name, result));
        output.Flush();
        return result.Interrupted ? ExitCodes.Interrupted : ExitCodes.Success;
    }

    /// <summary>The result as one compact JSON object with exactly <see cref="JsonKeys"/>.</summary>
    public static string ToJson(string algorithm, SearchBenchmarkResult result)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            var stats = result.Statistics;
            w.WriteStartObject();
            w.WriteString("algorithm", algorithm);
            w.WriteString("task", result.Config.Task.Name);
            w.WriteNumber("dim", result.Config.Task.Dim);
            w.WriteNumber("iterations", result.Iterations);
            w.WriteNumber("evaluations", result.Evaluations);
            w.WriteNumber("wall_seconds", Math.Round(result.WallSeconds, 6));
            w.WriteNumber("qd_score", stats.QdScore);
            w.WriteNumber("norm_qd_score", stats.NormalizedQdScore);
            w.WriteNumber("coverage", stats.Coverage);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteSummary(TextWriter output, string algorithm, SearchBenchmarkResult result)
    {
        var c = result.Config;
        var stats = result.Statistics;
        int emitters = c.Emitters.Sum(e => e.Count);
        double perIteration = result.Iterations > 0 ? result.WallSeconds / result.Iterations : 0;
        var text = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(text,
            $"{algorithm} on {c.Task.Name} (dim {c.Task.Dim}): {emitters} emitter{(emitters == 1 ? "" : "s")}, seed {c.Seed}{(result.Interrupted ? " (interrupted)" : "")}"));
        output.WriteLine(string.Create(text,
            $"{result.Iterations:N0} iterations, {result.Evaluations:N0} evaluations in {result.WallSeconds:0.000} s: {perIteration * 1000:0.000} ms per iteration, {ProgressText.Rate(result.WallSeconds > 0 ? result.Evaluations / result.WallSeconds : 0)} evaluations/s"));
        output.WriteLine(string.Create(text,
            $"QD score {stats.QdScore:0.##}, normalised QD score {stats.NormalizedQdScore:0.####}, coverage {stats.Coverage:0.####} ({ProgressText.Percent(stats.Coverage)} of {stats.Cells:N0} cells), best objective {ProgressText.Number(stats.MaxObjective)}"));
    }

    private static void WriteProfile(TextWriter output, SearchBenchmarkResult result, SearchProfile p, bool parallel)
    {
        var text = CultureInfo.InvariantCulture;
        int n = Math.Max(1, result.Iterations);
        string Ms(double seconds) => (seconds * 1000 / n).ToString("0.000", text).PadLeft(8) + " ms";
        string Share(double seconds) => result.WallSeconds > 0 ? (seconds / result.WallSeconds).ToString("0.0%", text).PadLeft(7) : "";
        double loop = p.Ask + p.Evaluate + p.Tell;
        string threads = parallel ? ", summed over threads" : "";
        output.WriteLine(string.Create(text, $"Profile: mean per iteration over {result.Iterations:N0} iterations (share of the loop's wall time)"));
        output.WriteLine($"  ask       {Ms(p.Ask)} {Share(p.Ask)}   emitters sampling {Ms(p.EmitterAsk).Trim()}{threads}");
        output.WriteLine($"  evaluate  {Ms(p.Evaluate)} {Share(p.Evaluate)}");
        output.WriteLine($"  tell      {Ms(p.Tell)} {Share(p.Tell)}   emitters ranking and updating {Ms(p.EmitterTell).Trim()}{threads}" +
            (parallel ? string.Empty : $"; archive adds and bookkeeping {Ms(p.Tell - p.EmitterTell).Trim()}"));
        output.WriteLine($"  other     {Ms(result.WallSeconds - loop)} {Share(result.WallSeconds - loop)}");
        output.WriteLine(string.Create(text,
            $"  allocated {p.AllocatedBytes / 1048576.0:0.0} MB ({p.AllocatedBytes / (double)n:N0} bytes per iteration); garbage collections gen0 {p.Collections[0]}, gen1 {p.Collections[1]}, gen2 {p.Collections[2]}"));
        string ownThread = p.LoopThreadJitSeconds is { } own ? string.Create(text, $"; {own * 1000:0.0} ms of it on the loop's thread") : "";
        output.WriteLine(string.Create(text,
            $"  JIT compiled {p.JitMethods:N0} methods in {p.JitSeconds * 1000:0.0} ms during the loop (summed over threads{ownThread})"));
    }
}
