using System.Diagnostics;
using System.Globalization;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Figures;
using QualityDiversity.Experiments.Output;
using QualityDiversity.Persistence;
using QualityDiversity.Plotting;

namespace QualityDiversity.Experiments.Text;

/// <summary>
/// Runs one text-search configuration with several variations (QDAIF and its baselines) over
/// several seeds and summarises final QD score and coverage, as the QDAIF paper compares methods.
/// Each trial is an ordinary run directory; finished trials are reused and interrupted ones
/// resumed, so a comparison can be stopped and continued.
/// </summary>
public static class TextComparison
{
    /// <summary>Runs the comparison.</summary>
    /// <param name="config">The base configuration; each trial changes only its variation and seed.</param>
    /// <param name="options">Variations, trials, directory, parallelism.</param>
    /// <param name="log">Receives one line per event (start, each finished trial); null for none.</param>
    /// <param name="cancellationToken">Stops the trials in flight resumably.</param>
    /// <exception cref="ExperimentException">An option is out of range or a variation unknown.</exception>
    /// <exception cref="ConfigException">A trial's configuration is invalid.</exception>
    public static async Task<TextComparisonOutcome> RunAsync(TextRunConfig config, TextComparisonOptions options, Action<string>? log = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        log ??= _ => { };
        if (options.Trials < 1) throw new ExperimentException("trials", $"must be at least 1, got {options.Trials}.", ExperimentErrorKind.InvalidRequest);
        if (options.Jobs < 1) throw new ExperimentException("jobs", $"must be at least 1, got {options.Jobs}.", ExperimentErrorKind.InvalidRequest);
        var variations = options.Variations ?? TextComparisonOptions.DefaultVariations;
        foreach (var v in variations)
            if (!TextConfigParser.Variations.Contains(v))
                throw new ExperimentException("variations", $"unknown variation '{v}'. Known: {string.Join(", ", TextConfigParser.Variations)}.", ExperimentErrorKind.InvalidRequest);

        // Every trial's configuration is checked before any trial starts.
        var configOf = new Dictionary<(string, int), TextRunConfig>();
        foreach (var v in variations)
            for (int t = 0; t < options.Trials; t++)
                configOf[(v, t)] = (TextRunConfig)(config with { Seed = config.Seed + t, Variation = v }).Validate();

        string root = Path.GetFullPath(options.Output ?? Path.Combine("compare", config.Name));
        Directory.CreateDirectory(root);
        var c = CultureInfo.InvariantCulture;
        log(string.Create(c, $"Comparing {string.Join(", ", variations)} on '{config.Domain}' ({config.Mode}), {options.Trials} trial(s) of {config.Steps} steps, {options.Jobs} at once; output {root}"));

        var results = new List<TextTrialResult>();
        var pending = new List<(string Variation, int Trial)>();
        foreach (var v in variations)
            for (int t = 0; t < options.Trials; t++)
            {
                if (TextTrialResult.TryRead(TrialDirectory(root, v, t), v, t, config.Steps) is { } done) results.Add(done);
                else pending.Add((v, t));
            }
        if (results.Count > 0) log($"Reusing {results.Count} finished trial(s).");

        var gate = new Lock();
        bool interrupted = false;
        var clock = Stopwatch.StartNew();
        try
        {
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = options.Jobs, CancellationToken = cancellationToken }, async (item, token) =>
            {
                string directory = TrialDirectory(root, item.Variation, item.Trial);
                var outcome = await RunTrialAsync(configOf[(item.Variation, item.Trial)], directory, token).ConfigureAwait(false);
                if (outcome.Interrupted) return;
                var result = TextTrialResult.TryRead(directory, item.Variation, item.Trial, config.Steps)
                    ?? throw new ExperimentException($"Trial {item.Trial} of '{item.Variation}' ended without its final metrics in {directory}.", ExperimentErrorKind.Failure);
                lock (gate)
                {
                    results.Add(result);
                    log(string.Create(c, $"[{results.Count}/{variations.Count * options.Trials}] {item.Variation} trial {item.Trial}: QD score {result.QdScore:0.00}, coverage {result.Coverage * 100:0.0}%, {result.Failed} failed"));
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            interrupted = true;
        }
        interrupted |= cancellationToken.IsCancellationRequested;

        var (markdown, csv) = TextComparisonSummary.Render(results, variations);
        string summaryPath = Path.Combine(root, "summary.md"), csvPath = Path.Combine(root, "summary.csv");
        AtomicFile.WriteAllText(summaryPath, $"# {config.Name}: {config.Domain} ({config.Mode}), {config.Steps} steps\n\n" + markdown);
        AtomicFile.WriteAllText(csvPath, csv);
        var files = new List<string> { summaryPath, csvPath };
        files.AddRange(WriteFigure(root, results, variations, options.Svg));
        log(interrupted
            ? $"Interrupted after {ProgressText.Duration(clock.Elapsed)}; run the same comparison again to continue."
            : $"Done in {ProgressText.Duration(clock.Elapsed)}.");
        return new TextComparisonOutcome(root, results, markdown, files, interrupted);
    }

    private static string TrialDirectory(string root, string variation, int trial) => Path.Combine(root, variation, $"trial-{trial}");

    // A fresh trial runs; an interrupted one resumes from its checkpoint.
    private static async Task<RunOutcome> RunTrialAsync(TextRunConfig config, string directory, CancellationToken cancellation)
    {
        var runDirectory = new RunDirectory(directory);
        using var run = File.Exists(runDirectory.CheckpointPath) && File.Exists(runDirectory.ConfigPath)
            ? Experiment.Resume(directory)
            : Experiment.Start(config, PrepareFresh(runDirectory));
        return await run.RunAsync(null, cancellation).ConfigureAwait(false);
    }

    // A trial killed before its first checkpoint left half a run and nothing to resume: it starts again.
    private static string PrepareFresh(RunDirectory directory)
    {
        if (!Directory.Exists(directory.Path)) return directory.Path;
        File.Delete(directory.ConfigPath);
        File.Delete(directory.CheckpointPath);
        return directory.Path;
    }

    private static IReadOnlyList<string> WriteFigure(string root, IReadOnlyList<TextTrialResult> results, IReadOnlyList<string> variations, bool svg)
    {
        var shown = variations.Where(v => results.Any(r => r.Variation == v)).ToList();
        if (shown.Count == 0) return [];
        // Mean ± std of the QD score per step over the trials of each variation, on the steps every trial recorded.
        var steps = results.Select(r => r.Curve.Select(p => p.Step).ToHashSet()).Aggregate((a, b) => { a.IntersectWith(b); return a; }).Order().ToArray();
        if (steps.Length < 2) return [];
        var series = shown.Select(v =>
        {
            var trials = results.Where(r => r.Variation == v).Select(r => r.Curve.ToDictionary(p => p.Step, p => p.QdScore)).ToList();
            return MetricSeries.MeanOf(v, trials.Select(t => steps.Select(s => t[s]).ToArray()).ToList()) with { Panel = MetricCurvesData.QdScorePanel };
        }).ToList();
        int most = shown.Max(v => results.Count(r => r.Variation == v));
        var figure = MetricFigures.Curves(new MetricCurvesData(steps.Select(s => (double)s).ToArray(), series)
        {
            XLabel = "steps",
            Title = string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(root)}: QD score, mean ± std over up to {most} trials per variation"),
            YLabels = new Dictionary<string, string> { [MetricCurvesData.QdScorePanel] = "QD score" },
        });
        return FigureWriter.Save(figure, root, "comparison", svg, FigureFile.DefaultWidth, 500);
    }
}
