using System.Globalization;
using QualityDiversity.Archives;
using QualityDiversity.Experiments.Output;
using QualityDiversity.Experiments.Runs;
using QualityDiversity.Runs;
using QualityDiversity.Text.Export;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Experiments.Text;

/// <summary>
/// A text search in its run directory: every batch's texts are appended to dataset.jsonl and a
/// metrics row is written; a checkpoint follows (files never run ahead of it). Cancellation cuts
/// the batch in flight short — its answers stay in the cache — and the last checkpoint is kept.
/// At the end: elites.csv, dataset.parquet and the figures.
/// </summary>
internal sealed class TextRunSession : RunSession
{
    public const string DatasetFile = "dataset.jsonl";
    public const string ParquetFile = "dataset.parquet";

    private readonly TextSearchSetup _setup;
    private readonly RowDigest _datasetDigest = new(RowDigest.DatasetSection);
    private TextDatasetJsonlWriter? _dataset;
    private int _batches;
    private int _batchesAtCheckpoint;

    // Batches of a model run that failed whole since the last one that did not, held back from
    // the files and from checkpoints (rows, metrics row, first step), with the number of texts
    // they hold and the cache's count of stored answers before the first of them.
    private readonly List<(IReadOnlyList<EvaluatedText> Rows, string MetricsRow, int FirstStep)> _held = [];
    private int _failedInARow;
    private int _heldStoredBefore;

    public TextRunSession(TextSearchSetup setup, RunDirectory directory, string description)
        : base(directory, description)
    {
        _setup = setup;
    }

    public TextSearchSetup Setup => _setup;

    public override int Completed => _setup.Search.Step;

    public override int Total => _setup.Config.Steps;

    public override bool IsDone => _setup.Search.IsDone;

    public override string Unit => "step";

    public override long Evaluations => _setup.Search.Proposed;

    public override ArchiveStatistics Statistics => _setup.Search.Archive.Statistics;

    public override bool CheckpointWhenStopped => false;

    public override Task PrepareAsync(IProgressSink progress)
    {
        if (_setup.Cache?.LoadWarning is { } warning) progress.Note($"warning: {warning}");
        // A checkpoint of the starting state, so even a first batch that cannot be completed can be resumed.
        if (!File.Exists(Directory.CheckpointPath)) Checkpoint();
        _dataset = TextDatasetJsonl.Open(Directory.File(DatasetFile));
        return Task.CompletedTask;
    }

    public override async Task<IterationReport?> StepAsync(IProgressSink progress, CancellationToken cancellation)
    {
        var search = _setup.Search;
        GenerativeBatchReport report;
        int storedBefore = _setup.Cache?.Stored ?? 0;
        try
        {
            cancellation.ThrowIfCancellationRequested();
            report = await search.StepAsync(cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return null;
        }
        bool wholeBatchFailed = report.Rows.Count > 0 && report.Rows.All(r => r.Failure is not null);
        if (EndpointFailure(report) is { } failure)
        {
            // Not committed: the files keep the last checkpoint, which a resume repeats from. The
            // held-back batches before it failed whole too: their answers are asked again as well.
            WithdrawHeld();
            string what = failure.Transient
                ? $"Every text of the last batch failed because the model endpoint kept failing after retries ({failure.Reason}); {NotRecorded(search, lastHeld: false)}. " +
                  $"Resume the run in {Directory.Path} when the endpoint answers again (or raise text.llm retries/timeout_seconds in {Directory.ConfigPath})."
                : $"Every text of the last batch failed because the model endpoint could not be used ({failure.Reason}); {NotRecorded(search, lastHeld: false)}. " +
                  $"Start the server or correct text.llm (endpoint, model, api_key_env) in {Directory.ConfigPath}, then resume the run in {Directory.Path}.";
            throw new ExperimentException(what, ExperimentErrorKind.Failure);
        }
        var (usage, cost) = _setup.Usage();
        if (wholeBatchFailed && _setup.Config.UsesLlm)
        {
            if (_held.Count == 0) _heldStoredBefore = storedBefore;
            _held.Add((report.Rows, TextMetricsCsv.Row(search, usage, cost), report.FirstStep));
            _failedInARow += report.Rows.Count;
            if (_failedInARow >= UnusableAnswerLimit)
            {
                // The endpoint answers, but nothing it says can be used. Its answers to the held
                // batches are withdrawn from the cache (their calls stay counted), so a resume asks again.
                string recorded = NotRecorded(search, lastHeld: true);
                WithdrawHeld();
                var first = report.Rows.First(r => r.Failure is not null);
                throw new ExperimentException(
                    $"The last {_failedInARow} texts all failed: the model endpoint can be reached, but nothing it returned could be used (text {first.Id}: {first.Failure}). " +
                    $"{char.ToUpperInvariant(recorded[0])}{recorded[1..]}, and the answers to them were withdrawn from {TextSearchBuilder.CacheFileName} so that a resume asks again. " +
                    $"Check that text.llm in {Directory.ConfigPath} (and text.judge_llm, if set) names an instruction-following chat model that its server runs with the right chat template, then resume the run in {Directory.Path}.",
                    ExperimentErrorKind.Failure);
            }
            // Held back from the files and from checkpoints until a batch does better (or the run
            // ends): if the failures go on, the run stops and none of these steps is recorded.
            if (!search.IsDone)
            {
                foreach (var note in report.MeasureUpdates) progress.Note(note);
                progress.Note(DescribeFailures(report));
                return Report(report);
            }
        }
        else
        {
            _held.Add((report.Rows, TextMetricsCsv.Row(search, usage, cost), report.FirstStep));
        }
        // A batch that did better (or the last one): it and the failed batches held before it are recorded.
        foreach (var held in _held) _dataset!.Append(held.Rows);
        TextMetricsCsv.Append(Directory.MetricsPath, _held.Select(h => h.MetricsRow).ToArray());
        _batches += _held.Count;
        _held.Clear();
        _failedInARow = 0;
        foreach (var note in report.MeasureUpdates) progress.Note(note);
        if (report.Failures > 0) progress.Note(DescribeFailures(report));
        return Report(report);
    }

    private IterationReport Report(GenerativeBatchReport report)
    {
        var search = _setup.Search;
        return new IterationReport(search.Step, Total, search.Proposed, report.Statistics, search.Elapsed,
            report.NewCells, report.Rows.Count(r => r.Status == EvaluatedTextStatus.Improved));
    }

    // What a stop leaves unrecorded: the held-back batches and, unless it is held too, the last one.
    private string NotRecorded(GenerativeSearch search, bool lastHeld)
    {
        int batches = _held.Count + (lastHeld ? 0 : 1);
        return batches == 1
            ? "that batch was not recorded"
            : string.Create(CultureInfo.InvariantCulture, $"the {batches} batches of steps {_held[0].FirstStep}-{search.Step}, which all failed, were not recorded");
    }

    private void WithdrawHeld()
    {
        if (_held.Count > 0) _setup.Cache?.Withdraw(_heldStoredBefore);
    }

    // Never while batches are held back: a checkpoint would record them.
    public override bool CheckpointDue(in IterationReport report) =>
        _held.Count == 0 && (_batches - _batchesAtCheckpoint >= _setup.Config.CheckpointEvery || _setup.Search.IsDone);

    public override void Checkpoint()
    {
        _setup.SaveCheckpoint(Directory.CheckpointPath, MetricsDigestSection(), _datasetDigest.Section(Directory.File(DatasetFile)));
        _batchesAtCheckpoint = _batches;
    }

    public override void EndSteps()
    {
        _dataset?.Dispose();
        _dataset = null;
    }

    public override IReadOnlyList<string> WriteOutputs(bool svg)
    {
        var config = _setup.Config;
        TextOutputs.WriteElites(_setup, Directory.File(TextOutputs.ElitesFile));
        var rows = TextDatasetJsonl.Read(Directory.File(DatasetFile));
        if (config.Parquet) TextDatasetParquet.Write(Directory.File(ParquetFile), rows, _setup.AxisNames.ToArray());
        var figures = TextOutputs.WriteFigures(_setup, Directory.Path, Directory.MetricsPath, svg);
        var files = new List<string> { Directory.ConfigPath, Directory.MetricsPath, Directory.File(DatasetFile) };
        if (config.Parquet) files.Add(Directory.File(ParquetFile));
        files.Add(Directory.File(TextOutputs.ElitesFile));
        if (config.UsesLlm) files.Add(Directory.File(TextSearchBuilder.CacheFileName));
        if (config.Learned is not null) files.Add(Directory.File(TextSearchBuilder.JudgmentsFileName));
        files.Add(Directory.CheckpointPath);
        files.AddRange(figures);
        return files;
    }

    public override string StopLine(bool interrupted, int start, TimeSpan elapsed) => interrupted
        ? $"Interrupted at step {Completed} of {Total}; the last checkpoint is kept and answers already received are cached."
        : string.Create(CultureInfo.InvariantCulture, $"Done: {Completed - start} steps in {ProgressText.Duration(elapsed)}; {_setup.Search.Proposed:N0} texts proposed, {_setup.Search.Failed:N0} failed.");

    public override IEnumerable<string> SummaryLines()
    {
        var stats = Statistics;
        var c = CultureInfo.InvariantCulture;
        yield return string.Create(c, $"Archive: {stats.Elites} of {stats.Cells} cells ({stats.Coverage * 100:0.0}%), QD score {stats.QdScore:0.00}, best quality {(stats.Elites == 0 ? "none" : stats.MaxObjective.ToString("0.000", c))}.");
        if (_setup.Config.UsesLlm)
        {
            var (u, cost) = _setup.Usage();
            string price = cost > 0 ? string.Create(c, $", cost {cost:0.####}") : "";
            yield return string.Create(c, $"Model calls: {u.Calls:N0} paid, {u.CacheHits:N0} from the cache, {u.Retries:N0} retries, {u.Failures:N0} failed; tokens {u.PromptTokens:N0} prompt + {u.CompletionTokens:N0} completion{price}.");
            var paths = _setup.Search.JudgePaths;
            long scores = paths.Values.Sum();
            if (scores > 0)
                yield return string.Create(c, $"Judge paths{(_setup.Search.JudgePathsCountedFromStart ? "" : " since the resume from an earlier release's checkpoint")}: {string.Join(", ", paths.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(c, $"{p.Key} {100.0 * p.Value / scores:0.0}%")))} of {scores:N0} scores.");
        }
    }

    public override void Dispose()
    {
        EndSteps();
        _datasetDigest.Dispose();
        _setup.Dispose();
        base.Dispose();
    }

    /// <summary>
    /// How many texts in a row, over batches that failed whole, stop a run whose model endpoint
    /// answers but whose answers cannot be used (a judge answer without the rating or label asked
    /// for, an empty generation, a score that is not finite): the rule for an endpoint that works
    /// but says nonsense. A whole batch failing is the sign; counting texts rather than batches
    /// lets one unlucky answer in a batch of one or two pass, while a batch of the usual 8 to 16
    /// texts that fails whole stops the run at once. Batches that failed whole are held back from
    /// the files and from checkpoints until a batch does better or the run ends, when they are
    /// recorded like any failed text; a stop records none of them and withdraws their answers
    /// from the cache, so a resume asks for every one of those steps again.
    /// </summary>
    public const int UnusableAnswerLimit = 8;

    // A batch in which every text failed because of the endpoint: unreachable, or refusing the key,
    // the access or the model (no further step can escape it), answering with something that is
    // not a chat completion, or still overloaded, failing or silent after the client's retries.
    // Going on would only record the same failure for every remaining step, and a recorded step is
    // never asked again.
    private static (string Reason, bool Transient)? EndpointFailure(GenerativeBatchReport report)
    {
        if (report.Rows.Count == 0) return null;
        (string Reason, bool Transient)? first = null;
        foreach (var row in report.Rows)
        {
            if (row.Failure is null) return null;
            var found = Find(row.Failure, FatalMarkers, transient: false) ?? Find(row.Failure, TransientMarkers, transient: true);
            if (found is null) return null;
            first ??= found;
        }
        return first;
    }

    private static (string, bool)? Find(string failure, string[] markers, bool transient)
    {
        foreach (var marker in markers)
            if (Excerpt(failure, marker) is { } excerpt) return (excerpt, transient);
        return null;
    }

    private static readonly string[] FatalMarkers = ["Could not reach the endpoint:", "HTTP 401", "HTTP 403", "HTTP 404", "The endpoint's answer could not be read"];

    // HTTP 408, 429 and 5xx are what the client retries; "No answer from" is its timeout.
    private static readonly string[] TransientMarkers = ["HTTP 408", "HTTP 429", "HTTP 5", "No answer from"];

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
