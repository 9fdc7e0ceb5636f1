using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using QualityDiversity.Cli.Commands;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Persistence;

namespace QualityDiversity.Cli.Reproduce;

/// <summary>
/// <c>qd reproduce qdhf-arm|qdhf-maze [--trials N] [--out DIR] [--label-noise P] [--methods LIST] [--jobs N] [--svg]</c>:
/// runs the QDHF paper's methods under its protocol, writes per-trial CSVs, a summary table and
/// comparison curves. Completed trials are kept: running the same command again resumes.
/// </summary>
internal static class ReproduceCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var protocol = new Argument<string>("PROTOCOL") { Description = $"The protocol: {string.Join(", ", QdhfTaskProtocol.All.Select(p => p.Id))}." };
        var trials = new Option<int?>("--trials") { Description = "Trials per method (seeds 0..N-1) [default: 20 for the arm, 10 for the maze].", HelpName = "N" };
        var output = new Option<string?>("--out", "-o") { Description = "Output directory [default: reproduce/PROTOCOL]; completed trials found there are reused.", HelpName = "DIR" };
        var noise = new Option<double?>("--label-noise") { Description = "Probability that a simulated judgment is flipped, e.g. 0.05, 0.1, 0.2 [default: 0].", HelpName = "P" };
        var methods = new Option<string?>("--methods") { Description = $"Comma-separated subset of the methods [default: all]: {string.Join(", ", QdhfMethod.All.Select(m => m.Id))}.", HelpName = "LIST" };
        var jobs = new Option<int?>("--jobs", "-j") { Description = "Trials run at once [default: the number of processors].", HelpName = "N" };
        var iterations = new Option<int?>("--iterations", "-n") { Description = "Iterations per trial [default: 1000, the protocol's]; the progressive schedule scales with it.", HelpName = "N" };
        var svg = new Option<bool>("--svg") { Description = "Also write the comparison figure as SVG." };
        var command = new Command("reproduce", "Reproduce a paper's protocol: QDHF's comparison of QD-GT, AURORA (PCA/AE, Pre/Inc), QDHF-Base and QDHF.")
        {
            protocol, trials, output, noise, methods, jobs, iterations, svg,
        };
        command.SetAction((parse, _) => CommandGuard.RunAsync(context, () => ExecuteAsync(context, parse.GetValue(protocol)!,
            parse.GetValue(trials), parse.GetValue(output), parse.GetValue(noise), parse.GetValue(methods), parse.GetValue(jobs), parse.GetValue(iterations), parse.GetValue(svg))));
        return command;
    }

    /// <summary>Runs the command.</summary>
    public static async Task<int> ExecuteAsync(CliContext context, string protocolId, int? trials, string? output, double? labelNoise,
        string? methodList, int? jobs, int? iterations, bool svg)
    {
        var protocol = QdhfTaskProtocol.All.FirstOrDefault(p => string.Equals(p.Id, protocolId, StringComparison.OrdinalIgnoreCase))
            ?? throw new CliException($"PROTOCOL: unknown protocol '{protocolId}'. Known: {string.Join(", ", QdhfTaskProtocol.All.Select(p => p.Id))}.", ExitCodes.UsageError);
        if (iterations is { } n)
        {
            if (n < 1) throw new CliException($"--iterations: must be at least 1, got {n}.", ExitCodes.UsageError);
            protocol = protocol with { Iterations = n };
        }
        int trialCount = trials ?? protocol.DefaultTrials;
        if (trialCount < 1) throw new CliException($"--trials: must be at least 1, got {trialCount}.", ExitCodes.UsageError);
        double noise = labelNoise ?? 0;
        if (!(noise >= 0 && noise < 0.5)) throw new CliException($"--label-noise: must be in [0, 0.5), got {noise.ToString(CultureInfo.InvariantCulture)}.", ExitCodes.UsageError);
        int parallel = jobs ?? Environment.ProcessorCount;
        if (parallel < 1) throw new CliException($"--jobs: must be at least 1, got {parallel}.", ExitCodes.UsageError);
        var methods = QdhfMethod.Parse(methodList);
        string root = Path.GetFullPath(output ?? Path.Combine("reproduce", protocol.Id));
        Directory.CreateDirectory(root);
        CheckSameSettings(root, protocol, noise);

        var runner = new QdhfTrialRunner(protocol, noise);
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
        context.Out.WriteLine(string.Create(text,
            $"{protocol.Title}: {methods.Count} method(s) x {trialCount} trial(s), {protocol.Iterations} iterations each, label noise {noise * 100:0.##}%, {parallel} at once; output {root}"));
        if (results.Count > 0) context.Out.WriteLine(string.Create(text, $"Reusing {results.Count} completed trial(s) found in {root}."));
        context.Out.Flush();

        var clock = Stopwatch.StartNew();
        var gate = new Lock();
        bool interrupted = false;
        try
        {
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = context.Cancellation },
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
                        context.Out.WriteLine(string.Create(text,
                            $"[{results.Count}/{total}] {item.Method.Name} trial {item.Trial}: QD score archive {f.ArchiveQdScore:0.00} / all {f.AllQdScore:0.00}, coverage archive {f.ArchiveCoverage:0.0}% / all {f.AllCoverage:0.0}%{accuracy} ({result.Seconds:0.0} s)"));
                        context.Out.Flush();
                    }
                }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            interrupted = true;
        }

        if (results.Count == 0)
        {
            context.Err.WriteLine("Interrupted before any trial completed; nothing to summarise.");
            return ExitCodes.Interrupted;
        }
        var summary = QdhfSummary.From(results);
        var notes = new List<string>
        {
            string.Create(text, $"{trialCount} trial(s) per method (seed = trial index), {protocol.Iterations} iterations, batch {protocol.BatchSize}, sigma {protocol.Sigma}, {protocol.InitialPopulation} initial solutions, {protocol.CellsPerAxis}x{protocol.CellsPerAxis} archives."),
            string.Create(text, $"Judgments: {protocol.JudgmentBudget} per run from a simulated judge on ground-truth measures, label noise {noise * 100:0.##}%; QDHF spends them over updates at iterations {string.Join(", ", Learning.Search.MeasureUpdateSchedule.Progressive(protocol.Iterations).Iterations)}, QDHF-Base all at iteration 1."),
            "QD score = sum of objectives / cells in a ground-truth archive; archive = the final archive's elites re-scored, all = every evaluated solution. Mean ± sample standard deviation over trials.",
            string.Create(text, $"Wall time of this invocation: {clock.Elapsed.TotalSeconds:0.0} s for {pending.Count} trial(s), {parallel} at once."),
        };
        summary.Write(root, protocol.Title, notes);
        var figures = QdhfFigures.Write(root, results, svg);
        context.Out.WriteLine();
        context.Out.Write(summary.ToMarkdown(protocol.Title, notes));
        context.Out.WriteLine();
        context.Out.WriteLine($"Wrote {Path.Combine(root, "summary.md")}, summary.csv, {string.Join(", ", figures.Select(Path.GetFileName))} and per-trial CSVs under trials/.");
        if (interrupted)
        {
            context.Err.WriteLine("Interrupted: completed trials are saved; run the same command again to resume.");
            return ExitCodes.Interrupted;
        }
        return ExitCodes.Success;
    }

    // Completed trials are reused, so a directory must only ever hold trials of one setting.
    private static void CheckSameSettings(string root, QdhfTaskProtocol protocol, double noise)
    {
        string path = Path.Combine(root, "settings.txt");
        string settings = string.Create(CultureInfo.InvariantCulture,
            $"protocol={protocol.Id}\niterations={protocol.Iterations}\nlabel_noise={noise:R}\n");
        if (File.Exists(path))
        {
            string existing = File.ReadAllText(path);
            if (existing != settings)
                throw new CliException($"--out: '{root}' holds trials of other settings ({existing.Trim().Replace('\n', ' ')}); this run is ({settings.Trim().Replace('\n', ' ')}). Choose another --out.");
            return;
        }
        AtomicFile.WriteAllText(path, settings);
    }

    private static string JudgmentsPath(string root, QdhfMethod method, int trial) =>
        Path.Combine(root, "judgments", method.Id, $"trial-{trial}.jsonl");
}
