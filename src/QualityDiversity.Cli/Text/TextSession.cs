using System.Diagnostics;
using System.Globalization;
using QualityDiversity.Cli.Commands;
using QualityDiversity.Cli.Output;
using QualityDiversity.Cli.Progress;
using QualityDiversity.Cli.Search;
using QualityDiversity.Runs;
using QualityDiversity.Text.Export;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Cli.Text;

/// <summary>
/// Runs a text search in its directory: every batch's texts are appended to dataset.jsonl and a
/// metrics row is written; a checkpoint follows (files never run ahead of it). Ctrl-C cancels
/// the batch in flight — its answers stay in the cache — and leaves the last checkpoint. At the
/// end: elites.csv, dataset.parquet and the figures.
/// </summary>
internal sealed class TextSession
{
    public const string DatasetFile = "dataset.jsonl";
    public const string ParquetFile = "dataset.parquet";

    private readonly TextSearchSetup _setup;
    private readonly RunDirectory _directory;
    private readonly CliContext _context;
    private readonly bool _svg;

    public TextSession(TextSearchSetup setup, RunDirectory directory, CliContext context, bool svg)
    {
        _setup = setup;
        _directory = directory;
        _context = context;
        _svg = svg;
    }

    public async Task<SessionOutcome> RunAsync()
    {
        var search = _setup.Search;
        var config = _setup.Config;
        int startStep = search.Step;
        bool interrupted = false;
        string? unreachable = null;
        var wall = Stopwatch.StartNew();
        int batches = 0;
        if (_setup.Cache?.LoadWarning is { } warning) _context.Err.WriteLine($"warning: {warning}");
        // A checkpoint of the starting state, so even a first batch that cannot be completed can be resumed.
        if (!File.Exists(_directory.CheckpointPath)) search.SaveCheckpoint(_directory.CheckpointPath);

        using (var dataset = TextDatasetJsonl.Open(_directory.File(DatasetFile)))
        {
            await _context.CreateProgressDisplay().RunAsync(startStep, config.Steps, async sink =>
            {
                while (!search.IsDone)
                {
                    GenerativeBatchReport report;
                    try
                    {
                        _context.Cancellation.ThrowIfCancellationRequested();
                        report = await search.StepAsync(_context.Cancellation).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (_context.Cancellation.IsCancellationRequested)
                    {
                        interrupted = true;
                        break;
                    }
                    if (Unreachable(report) is { } reason)
                    {
                        // Not committed: the files keep the last checkpoint, which a resume repeats from.
                        unreachable = reason;
                        break;
                    }
                    dataset.Append(report.Rows);
                    var (usage, cost) = _setup.Usage();
                    TextMetricsCsv.Append(_directory.MetricsPath, search, usage, cost);
                    batches++;
                    if (batches % config.CheckpointEvery == 0 || search.IsDone) search.SaveCheckpoint(_directory.CheckpointPath);
                    var iteration = new IterationReport(search.Step, config.Steps, search.Proposed, report.Statistics, search.Elapsed,
                        report.NewCells, report.Rows.Count(r => r.Status == EvaluatedTextStatus.Improved));
                    sink.Report(iteration);
                    foreach (var note in report.MeasureUpdates) sink.Note(note);
                    if (report.Failures > 0) sink.Note(DescribeFailures(report));
                    _context.AfterIteration?.Invoke(iteration);
                }
            }).ConfigureAwait(false);
        }
        wall.Stop();
        if (unreachable is not null)
        {
            _setup.Dispose();
            throw new CliException($"Every text of the last batch failed because the model endpoint could not be used ({unreachable}); that batch was not recorded. " +
                $"Start the server or correct text.llm (endpoint, model, api_key_env) in {_directory.ConfigPath}, then continue with: qd resume \"{_directory.Path}\"");
        }

        TextOutputs.WriteElites(_setup, _directory.File(TextOutputs.ElitesFile));
        var rows = TextDatasetJsonl.Read(_directory.File(DatasetFile));
        if (config.Parquet) TextDatasetParquet.Write(_directory.File(ParquetFile), rows, _setup.AxisNames.ToArray());
        var figures = TextOutputs.WriteFigures(_setup, _directory.Path, _directory.MetricsPath, _svg);

        var output = _context.Out;
        var stats = search.Archive.Statistics;
        var c = CultureInfo.InvariantCulture;
        if (interrupted)
        {
            output.WriteLine($"Interrupted at step {search.Step} of {config.Steps}; the last checkpoint is kept and answers already received are cached.");
            output.WriteLine($"Resume with: qd resume \"{_directory.Path}\"");
        }
        else
        {
            output.WriteLine(string.Create(c, $"Done: {search.Step - startStep} steps in {ProgressText.Duration(wall.Elapsed)}; {search.Proposed:N0} texts proposed, {search.Failed:N0} failed."));
        }
        output.WriteLine(string.Create(c, $"Archive: {stats.Elites} of {stats.Cells} cells ({stats.Coverage * 100:0.0}%), QD score {stats.QdScore:0.00}, best quality {(stats.Elites == 0 ? "none" : stats.MaxObjective.ToString("0.000", c))}."));
        if (config.UsesLlm)
        {
            var (u, cost) = _setup.Usage();
            string price = cost > 0 ? string.Create(c, $", cost {cost:0.####}") : "";
            output.WriteLine(string.Create(c, $"Model calls: {u.Calls:N0} paid, {u.CacheHits:N0} from the cache, {u.Retries:N0} retries, {u.Failures:N0} failed; tokens {u.PromptTokens:N0} prompt + {u.CompletionTokens:N0} completion{price}."));
        }
        var files = new List<string> { "config.json", "metrics.csv", DatasetFile };
        if (config.Parquet) files.Add(ParquetFile);
        files.Add(TextOutputs.ElitesFile);
        if (config.UsesLlm) files.Add(TextSearchBuilder.CacheFileName);
        if (config.Learned is not null) files.Add(TextSearchBuilder.JudgmentsFileName);
        files.Add("checkpoint.bin");
        files.AddRange(figures.Select(Path.GetFileName)!);
        output.WriteLine($"Output: {_directory.Path} ({string.Join(", ", files)})");
        _setup.Dispose();
        return new SessionOutcome(search.Step, interrupted);
    }

    // A batch in which every text failed for a reason no further step can escape — the endpoint is
    // unreachable, or refuses the key, the access or the model: going on would only record the
    // same failure for every remaining step.
    private static string? Unreachable(GenerativeBatchReport report)
    {
        if (report.Rows.Count == 0) return null;
        string? reason = null;
        foreach (var row in report.Rows)
        {
            string? found = row.Failure is null ? null : FatalMarkers.Select(m => Excerpt(row.Failure, m)).FirstOrDefault(e => e is not null);
            if (found is null) return null;
            reason ??= found;
        }
        return reason;
    }

    private static readonly string[] FatalMarkers = ["Could not reach the endpoint:", "HTTP 401", "HTTP 403", "HTTP 404"];

    private static string? Excerpt(string failure, string marker)
    {
        int at = failure.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0) return null;
        int end = failure.IndexOf(';', at);
        return (end < 0 ? failure[at..] : failure[at..end]).Trim();
    }

    private static string DescribeFailures(GenerativeBatchReport report)
    {
        var first = report.Rows.First(r => r.Failure is not null && r.Status is EvaluatedTextStatus.GenerationFailed or EvaluatedTextStatus.EvaluationFailed);
        return $"{report.Failures} of {report.Rows.Count} texts failed in steps {report.FirstStep}-{report.LastStep}, e.g. text {first.Id}: {first.Failure}";
    }
}
