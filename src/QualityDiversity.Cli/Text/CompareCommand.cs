using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using QualityDiversity.Cli.Commands;
using QualityDiversity.Cli.Configuration;
using QualityDiversity.Cli.Figures;
using QualityDiversity.Cli.Output;
using QualityDiversity.Cli.Progress;
using QualityDiversity.Persistence;
using QualityDiversity.Plotting;

namespace QualityDiversity.Cli.Text;

/// <summary>
/// <c>qd compare</c>: runs one text-search configuration with several variations (QDAIF and its
/// baselines) over several seeds and summarises final QD score and coverage, as the QDAIF paper
/// compares methods. Each trial is an ordinary run directory; finished trials are reused and
/// interrupted ones resumed, so a comparison can be stopped and continued.
/// </summary>
internal static class CompareCommand
{
    public static readonly string[] DefaultVariations = ["near", "quality_only", "random_search", "fixed_few_shot"];

    public static Command Create(CliContext context)
    {
        var config = new Argument<string>("CONFIG") { Description = "A text-search configuration (a JSON file with a \"text\" section)." };
        var variations = new Option<string?>("--variations") { Description = $"Comma-separated variations to compare [default: {string.Join(",", DefaultVariations)}].", HelpName = "LIST" };
        var trials = new Option<int?>("--trials") { Description = "Trials per variation, seeds = config seed + 0..N-1 [default: 5].", HelpName = "N" };
        var output = new Option<string?>("--out", "-o") { Description = "Output directory [default: compare/<config name>]; finished trials there are reused.", HelpName = "DIR" };
        var jobs = new Option<int?>("--jobs", "-j") { Description = "Trials run at once [default: 1; raise it for language-model runs, which wait on I/O].", HelpName = "N" };
        var iterations = new Option<int?>("--iterations", "-n") { Description = "Steps per trial, replacing the configuration's.", HelpName = "N" };
        var svg = new Option<bool>("--svg") { Description = "Also write the comparison figure as SVG." };
        var command = new Command("compare", "Compare variations of a text search (QDAIF against its baselines) over several seeds.")
        {
            config, variations, trials, output, jobs, iterations, svg,
        };
        command.SetAction((parse, _) => CommandGuard.RunAsync(context, () => ExecuteAsync(context, parse.GetValue(config)!, parse.GetValue(variations),
            parse.GetValue(trials), parse.GetValue(output), parse.GetValue(jobs), parse.GetValue(iterations), parse.GetValue(svg))));
        return command;
    }

    public static async Task<int> ExecuteAsync(CliContext context, string configPath, string? variationList, int? trials, string? output, int? jobs, int? iterations, bool svg)
    {
        if (!File.Exists(configPath)) throw new CliException($"CONFIG: '{configPath}' not found.", ExitCodes.UsageError);
        if (!TextRun.IsTextConfigFile(configPath)) throw new CliException($"CONFIG: '{configPath}' is not a text-search configuration (it has no \"text\" section).", ExitCodes.UsageError);
        int trialCount = trials ?? 5, parallel = jobs ?? 1;
        if (trialCount < 1) throw new CliException($"--trials: must be at least 1, got {trialCount}.", ExitCodes.UsageError);
        if (parallel < 1) throw new CliException($"--jobs: must be at least 1, got {parallel}.", ExitCodes.UsageError);
        if (iterations is < 1) throw new CliException($"--iterations: must be at least 1, got {iterations}.", ExitCodes.UsageError);
        var variations = variationList is null ? DefaultVariations : variationList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var v in variations)
            if (!TextConfigParser.Variations.Contains(v))
                throw new CliException($"--variations: unknown variation '{v}'. Known: {string.Join(", ", TextConfigParser.Variations)}.", ExitCodes.UsageError);

        string baseJson = File.ReadAllText(configPath);
        var baseConfig = TextConfigParser.Parse(TextRun.ApplyOverrides(baseJson, new ConfigOverrides(null, iterations)), Path.GetFileName(configPath), Path.GetFileNameWithoutExtension(configPath));
        // Every variation's configuration is checked before any trial starts.
        var jsonOf = new Dictionary<(string, int), string>();
        foreach (var v in variations)
            for (int t = 0; t < trialCount; t++)
            {
                string json = TextRun.ApplyOverrides(baseJson, new ConfigOverrides(baseConfig.Seed + t, iterations), v);
                TextConfigParser.Parse(json, $"{configPath} with variation {v}", baseConfig.Name);
                jsonOf[(v, t)] = json;
            }
        string root = Path.GetFullPath(output ?? Path.Combine("compare", baseConfig.Name));
        Directory.CreateDirectory(root);
        var c = CultureInfo.InvariantCulture;
        context.Out.WriteLine(string.Create(c, $"Comparing {string.Join(", ", variations)} on '{baseConfig.Domain}' ({baseConfig.Mode}), {trialCount} trial(s) of {baseConfig.Steps} steps, {parallel} at once; output {root}"));

        var results = new List<TextTrialResult>();
        var pending = new List<(string Variation, int Trial)>();
        foreach (var v in variations)
            for (int t = 0; t < trialCount; t++)
            {
                if (TextTrialResult.TryRead(TrialDirectory(root, v, t), v, t, baseConfig.Steps) is { } done) results.Add(done);
                else pending.Add((v, t));
            }
        if (results.Count > 0) context.Out.WriteLine($"Reusing {results.Count} finished trial(s).");

        var gate = new Lock();
        bool interrupted = false;
        var clock = Stopwatch.StartNew();
        try
        {
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = context.Cancellation }, async (item, token) =>
            {
                var directory = new RunDirectory(TrialDirectory(root, item.Variation, item.Trial));
                var quiet = new CliContext { Out = TextWriter.Null, Err = TextWriter.Null, Cancellation = token };
                var outcome = await RunTrialAsync(quiet, jsonOf[(item.Variation, item.Trial)], directory).ConfigureAwait(false);
                if (outcome.Interrupted) return;
                var result = TextTrialResult.TryRead(directory.Path, item.Variation, item.Trial, baseConfig.Steps)
                    ?? throw new CliException($"Trial {item.Trial} of '{item.Variation}' ended without its final metrics in {directory.Path}.");
                lock (gate)
                {
                    results.Add(result);
                    context.Out.WriteLine(string.Create(c, $"[{results.Count}/{variations.Length * trialCount}] {item.Variation} trial {item.Trial}: QD score {result.QdScore:0.00}, coverage {result.Coverage * 100:0.0}%, {result.Failed} failed"));
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            interrupted = true;
        }
        interrupted |= context.Cancellation.IsCancellationRequested;

        var (markdown, csv) = TextComparisonSummary.Render(results, variations);
        AtomicFile.WriteAllText(Path.Combine(root, "summary.md"), $"# {baseConfig.Name}: {baseConfig.Domain} ({baseConfig.Mode}), {baseConfig.Steps} steps\n\n" + markdown);
        AtomicFile.WriteAllText(Path.Combine(root, "summary.csv"), csv);
        var figures = WriteFigure(root, results, variations, svg);
        context.Out.WriteLine();
        context.Out.Write(markdown);
        context.Out.WriteLine(interrupted
            ? $"Interrupted after {ProgressText.Duration(clock.Elapsed)}; run the same command again to continue."
            : $"Done in {ProgressText.Duration(clock.Elapsed)}. Output: {root} (summary.md, summary.csv{string.Concat(figures.Select(f => ", " + Path.GetFileName(f)))}, one run directory per trial)");
        return interrupted ? ExitCodes.Interrupted : ExitCodes.Success;
    }

    private static string TrialDirectory(string root, string variation, int trial) => Path.Combine(root, variation, $"trial-{trial}");

    // A fresh trial runs; an interrupted one resumes from its checkpoint.
    private static async Task<Search.SessionOutcome> RunTrialAsync(CliContext context, string json, RunDirectory directory)
    {
        var config = TextConfigParser.Parse(json, "config.json", Path.GetFileName(directory.Path));
        var setup = File.Exists(directory.CheckpointPath) && File.Exists(directory.ConfigPath)
            ? TextRun.Restore(config, directory)
            : TextRun.Start(config, json, directory);
        return await new TextSession(setup, directory, context, svg: false).RunAsync().ConfigureAwait(false);
    }

    private static IReadOnlyList<string> WriteFigure(string root, IReadOnlyList<TextTrialResult> results, IReadOnlyList<string> variations, bool svg)
    {
        var shown = variations.Where(v => results.Any(r => r.Variation == v)).ToList();
        if (shown.Count == 0) return [];
        // Mean QD score per step over the trials of each variation, on the steps every trial recorded.
        var steps = results.Select(r => r.Curve.Select(p => p.Step).ToHashSet()).Aggregate((a, b) => { a.IntersectWith(b); return a; }).Order().ToArray();
        if (steps.Length < 2) return [];
        var series = shown.Select(v =>
        {
            var trials = results.Where(r => r.Variation == v).Select(r => r.Curve.ToDictionary(p => p.Step, p => p.QdScore)).ToList();
            return new MetricSeries(v, steps.Select(s => trials.Average(t => t[s])).ToArray()) { Panel = MetricCurvesData.QdScorePanel };
        }).ToList();
        var figure = MetricFigures.Curves(new MetricCurvesData(steps.Select(s => (double)s).ToArray(), series) { XLabel = "steps" });
        return FigureWriter.Save(figure, root, "comparison", svg, FigureFile.DefaultWidth, 500);
    }
}
