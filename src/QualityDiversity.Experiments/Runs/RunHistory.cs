using System.Globalization;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Search;
using QualityDiversity.Experiments.Text;
using QualityDiversity.Text.Export;

namespace QualityDiversity.Experiments.Runs;

/// <summary>
/// The files a run writes step by step (metrics.csv, and a text run's dataset.jsonl) must hold
/// exactly what its checkpoint has done before a resume builds on them: a row for every
/// iteration up to the checkpoint's, in order and once each (a text run: batches that end at
/// the checkpoint's step and count its texts, and every text once). A file that was cut,
/// edited, doubled or comes from another run would otherwise be continued silently, and the
/// finished run would claim a history it does not have. A file that is missing altogether was
/// moved aside on purpose (the way out this check offers): the resume goes on, with a note that
/// names what is lost. Checkpoints also record a digest of the rows (<see cref="RowDigest"/>),
/// which sees a value edited in place or the rows of another run; the judgments of a run that learns its measures are checked by
/// <see cref="JudgmentRecord"/>.
/// </summary>
internal static class RunHistory
{
    /// <summary>
    /// Checks the files against the checkpoint that <paramref name="session"/> was restored from,
    /// without changing anything.
    /// </summary>
    /// <returns>Notes about missing files, and what must be written again once the resume may change files.</returns>
    /// <exception cref="ExperimentException">A file does not match the checkpoint; the message names it and what is wrong.</exception>
    public static RunHistoryCheck Verify(RunDirectory directory, ExperimentConfig config, RunSession session, RecordedRows recorded)
    {
        int done = session.Completed;
        long evaluations = session.Evaluations;
        var notes = new List<string>();
        Action? repair = null;
        if (config is TextRunConfig text)
        {
            var setup = ((TextRunSession)session).Setup;
            Check(directory, directory.MetricsPath, done, notes, path => TextMetricsProblem(path, done, evaluations, text.BatchSize) ?? RowDigest.Problem(path, recorded.Metrics));
            Check(directory, directory.File(TextRunSession.DatasetFile), done, notes, path => DatasetProblem(path, done, evaluations) ?? RowDigest.Problem(path, recorded.Dataset));
            if (setup.Judgments is { } judgments) repair = JudgmentRecord.Verify(directory, judgments, setup.JudgeAnswers, notes);
        }
        else
        {
            int every = config is SearchConfig search ? search.MetricsEvery : 1;
            Check(directory, directory.MetricsPath, done, notes, path => VectorMetricsProblem(path, done, every) ?? RowDigest.Problem(path, recorded.Metrics));
            if (session is LearnedRunSession { Setup: { Judgments: { } judgments } setup })
                repair = JudgmentRecord.Verify(directory, judgments, setup.JudgeAnswers, notes);
        }
        return new RunHistoryCheck(notes, repair ?? (() => { }));
    }

    /// <summary>The refusal of a file beside the checkpoint that does not match it.</summary>
    public static ExperimentException Mismatch(RunDirectory directory, string name, string problem, string wayOut) => new(
        $"Cannot resume '{directory.Path}': {name} does not match its checkpoint ({problem}); it was cut, edited or replaced, or comes from another run. " +
        $"Nothing was changed. Put back the run's own {name}, or {wayOut}.",
        ExperimentErrorKind.Failure);

    private static void Check(RunDirectory directory, string path, int done, List<string> notes, Func<string, string?> problemOf)
    {
        string name = Path.GetFileName(path);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            notes.Add($"{name} is missing: the rows up to the checkpoint's {done} are lost, and the resumed run's {name} starts after them.");
            return;
        }
        string? problem;
        try
        {
            problem = Directory.Exists(path) ? "it is a directory" : problemOf(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            problem = e.Message;
        }
        if (problem is null) return;
        throw Mismatch(directory, name, problem, "move it aside to resume without the rows before the checkpoint");
    }

    // Rows of a vector search up to the checkpoint's iteration, in increasing order: one at every
    // multiple of metrics_every (every iteration by default), and possibly at the ends of earlier,
    // shorter totals. Unreadable lines are left to the resume's clean-up as long as no due row is missing.
    private static string? VectorMetricsProblem(string path, int done, int every)
    {
        int last = 0, line = 0;
        foreach (var text in File.ReadLines(path))
        {
            if (++line == 1 || !int.TryParse(Field(text, 0), NumberStyles.Integer, CultureInfo.InvariantCulture, out int iteration) || iteration > done) continue;
            int due = (last / every + 1) * every;
            if (iteration <= last || iteration > due)
                return Invariant($"line {line} is iteration {iteration} where iteration {(iteration <= last ? last + 1 : due)} was due");
            last = iteration;
        }
        int lastDue = done / every * every;
        return last >= lastDue ? null : Invariant($"it has rows up to iteration {last}, but the checkpoint was written after iteration {done}");
    }

    // Batches of a text search up to the checkpoint's step: texts counted in increasing order to
    // the checkpoint's total, steps that never leap more than a batch.
    private static string? TextMetricsProblem(string path, int done, long evaluations, int batchSize)
    {
        int line = 0, lastStep = -1;
        long lastProposed = 0;
        foreach (var text in File.ReadLines(path))
        {
            if (++line == 1 || !int.TryParse(Field(text, 0), NumberStyles.Integer, CultureInfo.InvariantCulture, out int step) || step > done) continue;
            if (!long.TryParse(Field(text, 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out long proposed))
                return Invariant($"line {line} has no count of texts proposed");
            if (proposed <= lastProposed || step < lastStep || (lastStep >= 0 && step - lastStep > batchSize))
                return Invariant($"line {line} (step {step}, {proposed} texts) does not follow step {lastStep} with {lastProposed} texts");
            (lastStep, lastProposed) = (step, proposed);
        }
        return lastStep == done && lastProposed == evaluations
            ? null
            : Invariant($"its last row up to the checkpoint is step {lastStep} with {lastProposed} texts, but the checkpoint was written at step {done} with {evaluations}");
    }

    // Every text proposed up to the checkpoint, once each, numbered in order.
    private static string? DatasetProblem(string path, int done, long evaluations)
    {
        long expected = 0;
        foreach (var row in TextDatasetJsonl.Read(path))
        {
            if (row.Step > done) continue;
            if (row.Id != expected) return Invariant($"text {row.Id} of step {row.Step} stands where text {expected} was due");
            expected++;
        }
        return expected == evaluations ? null : Invariant($"it has {expected} texts up to step {done}, but the checkpoint counts {evaluations}");
    }

    private static string Field(string line, int index)
    {
        var fields = line.Split(',', index + 2);
        return fields.Length > index ? fields[index] : "";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
