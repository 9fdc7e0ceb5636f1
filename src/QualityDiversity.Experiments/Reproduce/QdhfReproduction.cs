using System.Diagnostics;
using System.Globalization;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Learning.Measures.Torch;
using QualityDiversity.Persistence;

namespace QualityDiversity.Experiments.Reproduce;

/// <summary>
/// Reproduces the QDHF paper's comparison (QD-GT, AURORA with PCA or an autoencoder, pre-trained
/// or incremental, QDHF-Base and QDHF) under its protocol on the robotic arm or the maze: every
/// method for several seeds, per-trial CSVs and judgments, a summary table (mean ± standard
/// deviation) and comparison curves. Completed trials are kept, so running it again continues.
/// </summary>
public static class QdhfReproduction
{
    /// <summary>Ids of the protocols: <c>qdhf-arm</c>, <c>qdhf-maze</c>.</summary>
    public static IReadOnlyList<string> Protocols => QdhfTaskProtocol.All.Select(p => p.Id).ToArray();

    /// <summary>Ids of the methods, in table order.</summary>
    public static IReadOnlyList<string> Methods => QdhfMethod.All.Select(m => m.Id).ToArray();

    /// <summary>Runs the trials not yet completed in the output directory and writes the summary.</summary>
    /// <param name="options">Protocol, trials, methods, noise, directory, parallelism.</param>
    /// <param name="log">Receives one line per event (start, each finished trial); null for none.</param>
    /// <param name="cancellationToken">Stops the trials in flight; completed ones stay.</param>
    /// <exception cref="ExperimentException">An option is out of range or a name unknown; the message names the option.</exception>
    public static async Task<QdhfReproductionOutcome> RunAsync(QdhfReproductionOptions options, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        log ??= _ => { };
        string protocolId = options.Protocol;
        int? iterations = options.Iterations, trials = options.Trials, jobs = options.Jobs;
        double? labelNoise = options.LabelNoise;
        string? output = options.Output, methodList = options.Methods is null ? null : string.Join(',', options.Methods);
        bool svg = options.Svg;
        var protocol = QdhfTaskProtocol.All.FirstOrDefault(p => string.Equals(p.Id, protocolId, StringComparison.OrdinalIgnoreCase))
            ?? throw new ExperimentException("protocol", $"unknown protocol '{protocolId}'. Known: {string.Join(", ", QdhfTaskProtocol.All.Select(p => p.Id))}.", ExperimentErrorKind.InvalidRequest);
        if (iterations is { } n)
        {
            if (n < 1) throw new ExperimentException("iterations", $"must be at least 1, got {n}.", ExperimentErrorKind.InvalidRequest);
            protocol = protocol with { Iterations = n };
        }
        int trialCount = trials ?? protocol.DefaultTrials;
        if (trialCount < 1) throw new ExperimentException("trials", $"must be at least 1, got {trialCount}.", ExperimentErrorKind.InvalidRequest);
        double noise = labelNoise ?? 0;
        if (!(noise >= 0 && noise < 0.5)) throw new ExperimentException("label_noise", $"must be in [0, 0.5), got {noise.ToString(CultureInfo.InvariantCulture)}.", ExperimentErrorKind.InvalidRequest);
        int parallel = jobs ?? Environment.ProcessorCount;
        if (parallel < 1) throw new ExperimentException("jobs", $"must be at least 1, got {parallel}.", ExperimentErrorKind.InvalidRequest);
        var fit = TripletFitRule.Protocol;
        if (options.Fit is { } fitName && !TripletFitRuleNames.TryParse(fitName, out fit))
            throw new ExperimentException("fit", $"unknown fit rule '{fitName}'. Known: {string.Join(", ", TripletFitRuleNames.All)}.", ExperimentErrorKind.InvalidRequest);
        var methods = QdhfMethod.Parse(methodList);
        string root = Path.GetFullPath(output ?? Path.Combine("reproduce", protocol.Id));
        Directory.CreateDirectory(root);
        CheckSameSettings(root, protocol, noise, fit);

        var runner = new QdhfTrialRunner(protocol, noise, fit);
        var text = CultureInfo.InvariantCulture;
        var results = new List<QdhfTrialResult>();
        var pending = new List<(QdhfMethod Method, int Trial)>();
        foreach (var method in methods)
        {
            for (int t = 0; t < trialCount; t++)
            {
                if (QdhfTrialFiles.TryRead(root, method, t) is { } done) results.Add(done);
                else pending.Add((method, t));
            }
        }
        int total = methods.Count * trialCount;
        log(string.Create(text,
            $"{protocol.Title}: {methods.Count} method(s) x {trialCount} trial(s), {protocol.Iterations} iterations each, label noise {noise * 100:0.##}%, {parallel} at once; output {root}"));
        if (results.Count > 0) log(string.Create(text, $"Reusing {results.Count} completed trial(s) found in {root}."));
        
        var clock = Stopwatch.StartNew();
        var gate = new Lock();
        bool interrupted = false;
        try
        {
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken },
                async (item, token) =>
                {
                    var judgments = new List<Judgment>();
                    var result = await runner.RunAsync(item.Method, item.Trial, answered => { lock (judgments) judgments.AddRange(answered); }, token).ConfigureAwait(false);
                    if (judgments.Count > 0)
                    {
                        string path = JudgmentsPath(root, item.Method, item.Trial);
                        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                        new JudgmentSet(judgments).Save(path);
                    }
                    QdhfTrialFiles.Write(root, result);
                    lock (gate)
                    {
                        results.Add(result);
                        var f = result.Final;
                        string accuracy = result.FinalAccuracy is { } a ? string.Create(text, $", judgment accuracy {a:0.000}") : string.Empty;
                        log(string.Create(text,
                            $"[{results.Count}/{total}] {item.Method.Name} trial {item.Trial}: QD score archive {f.ArchiveQdScore:0.00} / all {f.AllQdScore:0.00}, coverage archive {f.ArchiveCoverage:0.0}% / all {f.AllCoverage:0.0}%{accuracy} ({result.Seconds:0.0} s)"));
                                            }
                }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            interrupted = true;
        }

        if (results.Count == 0) return new QdhfReproductionOutcome(root, string.Empty, [], 0, Interrupted: true);
        var summary = QdhfSummary.From(results);
        var notes = new List<string>
        {
            string.Create(text, $"{trialCount} trial(s) per method (seed = trial index), {protocol.Iterations} iterations, batch {protocol.BatchSize}, sigma {protocol.Sigma}, {protocol.InitialPopulation} initial solutions, {protocol.CellsPerAxis}x{protocol.CellsPerAxis} archives."),
            string.Create(text, $"Judgments: {protocol.JudgmentBudget} per run from a simulated judge on ground-truth measures, label noise {noise * 100:0.##}%; QDHF spends them over updates at iterations {string.Join(", ", Learning.Search.MeasureUpdateSchedule.Progressive(protocol.Iterations).Iterations)}, QDHF-Base all at iteration 1; projections fitted with the {TripletFitRuleNames.Name(fit)} rule."),
            "QD score = sum of objectives / cells in a ground-truth archive; archive = the final archive's elites re-scored, all = every evaluated solution. Mean ± sample standard deviation over trials.",
            string.Create(text, $"Wall time of this invocation: {clock.Elapsed.TotalSeconds:0.0} s for {pending.Count} trial(s), {parallel} at once."),
        };
        summary.Write(root, protocol.Title, notes);
        var figures = QdhfFigures.Write(root, results, svg, protocol.Id);
        string markdown = summary.ToMarkdown(protocol.Title, notes);
        var files = new List<string> { Path.Combine(root, "summary.md"), Path.Combine(root, "summary.csv") };
        files.AddRange(figures);
        return new QdhfReproductionOutcome(root, markdown, files, results.Count, interrupted);
    }

    // Completed trials are reused, so a directory must only ever hold trials of one setting.
    // The fit line appears only for a non-default rule, so directories written before it existed still match.
    private static void CheckSameSettings(string root, QdhfTaskProtocol protocol, double noise, TripletFitRule fit)
    {
        string path = Path.Combine(root, "settings.txt");
        string settings = string.Create(CultureInfo.InvariantCulture,
            $"protocol={protocol.Id}\niterations={protocol.Iterations}\nlabel_noise={noise:R}\n");
        if (fit != TripletFitRule.Protocol) settings += $"fit={TripletFitRuleNames.Name(fit)}\n";
        if (File.Exists(path))
        {
            string existing = File.ReadAllText(path);
            if (existing != settings)
                throw new ExperimentException("output", $"'{root}' holds trials of other settings ({existing.Trim().Replace('\n', ' ')}); this run is ({settings.Trim().Replace('\n', ' ')}). Choose another directory.", ExperimentErrorKind.InvalidRequest);
            return;
        }
        AtomicFile.WriteAllText(path, settings);
    }

    private static string JudgmentsPath(string root, QdhfMethod method, int trial) =>
        Path.Combine(root, "judgments", method.Id, $"trial-{trial}.jsonl");
}
