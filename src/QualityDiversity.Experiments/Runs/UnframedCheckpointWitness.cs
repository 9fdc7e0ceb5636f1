using QualityDiversity.Experiments.Output;
using QualityDiversity.Experiments.Search;
using QualityDiversity.Experiments.Text;
using QualityDiversity.Runs;

namespace QualityDiversity.Experiments.Runs;

/// <summary>
/// Checks a state restored from an <see cref="UnframedCheckpoint"/> against the files the
/// earlier release wrote beside it, which stand in for the checksum such a file lacks.
/// </summary>
internal static class UnframedCheckpointWitness
{
    /// <summary>
    /// What the files the earlier release wrote beside the checkpoint say against the restored
    /// state, or null when they agree. Such a checkpoint has no checksum, so these files stand in
    /// for one: that release wrote them from the same state just before every checkpoint. A vector
    /// search's archive.csv and a learned-measure search's learned-archive.csv must equal the
    /// restored archive written out again; a text search's metrics row of the checkpoint's step
    /// must equal the restored search's, and every elite text must be the dataset's text of its id.
    /// </summary>
    /// <remarks>
    /// A release stopped while it wrote its next checkpoint's files leaves the archive file one
    /// checkpoint ahead; metrics rows reaching that next checkpoint's iteration show it. Then the
    /// metrics row of the checkpoint's own iteration, written before any of those files, must equal
    /// the restored archive's statistics and evaluation count instead.
    /// </remarks>
    public static string? Disagreement(RunSession session, RunDirectory directory)
    {
        switch (session)
        {
            case VectorRunSession vector:
                return ArchiveDisagreement(session, vector.Setup.ReportedArchive, directory.ArchivePath, directory, vector.Setup.Config.CheckpointEvery);
            case LearnedRunSession learned when learned.Setup.Search.Archive is { } archive:
                return ArchiveDisagreement(session, archive, directory.File(LearnedRunSession.LearnedArchiveFile), directory, learned.Setup.Config.CheckpointEvery);
            case TextRunSession text when text.Setup.Search.Proposed > 0:
                return TextDisagreement(text.Setup, directory);
            default:
                return null;
        }
    }

    private static string? ArchiveDisagreement(RunSession session, QualityDiversity.Archives.IArchive<double> archive, string path, RunDirectory directory, int checkpointEvery)
    {
        string name = Path.GetFileName(path);
        string? written = File.Exists(path) ? File.ReadAllText(path) : null;
        using var restoredWriter = new StringWriter { NewLine = "\n" };
        QualityDiversity.Export.ArchiveCsv.Write(archive, restoredWriter);
        string restored = restoredWriter.ToString();
        if (written == restored) return null;
        var rows = MetricsRows(directory);
        int done = session.Completed;
        bool stoppedWhileCheckpointing = checkpointEvery > 0 && rows.Any(r => Iteration(r) >= (long)done + checkpointEvery);
        if (!stoppedWhileCheckpointing)
        {
            return File.Exists(path)
                ? $"the archive it holds differs from {name}, which that release wrote from the same state just before it (one of them is damaged)"
                : $"{name}, which that release wrote with every checkpoint, is missing, so the checkpoint cannot be checked";
        }
        string prefix = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{done},");
        string? row = rows.LastOrDefault(r => r.StartsWith(prefix, StringComparison.Ordinal));
        if (row is null)
            return $"that release was stopped while it wrote its next checkpoint, and metrics.csv has no row for iteration {done} to check the checkpoint against";
        string expected = MetricsCsv.FormatRow(new IterationReport(done, session.Total, session.Evaluations, session.Statistics, TimeSpan.Zero, 0, 0));
        if (WithoutLastField(row) != WithoutLastField(expected))
            return $"the archive it holds differs from the metrics.csv row of iteration {done}, which that release wrote from the same state (one of them is damaged)";
        // The archive file may be one checkpoint ahead, and elites are only ever replaced by better ones.
        return written is not null && !CouldPrecede(restored, written)
            ? $"an elite it holds is neither in {name} nor replaced there by a better one, although that file can only be the same state or a later one (one of them is damaged)"
            : null;
    }

    // Whether the archive CSV text `earlier` can be the state of a run before `later`: every elite
    // of it is in `later` unchanged (its threshold aside, which moves without the elite), or its
    // slot holds a strictly better objective there.
    private static bool CouldPrecede(string earlier, string later)
    {
        string[] before = earlier.Split('\n', StringSplitOptions.RemoveEmptyEntries), after = later.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (before.Length == 0 || after.Length == 0 || before[0] != after[0]) return false;
        int threshold = Array.IndexOf(before[0].Split(','), QualityDiversity.Export.ArchiveCsv.ThresholdColumn);
        var slots = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (string line in after.Skip(1))
        {
            var fields = line.Split(',');
            slots[fields[0]] = fields;
        }
        foreach (string line in before.Skip(1))
        {
            var fields = line.Split(',');
            if (!slots.TryGetValue(fields[0], out var slot)) return false;
            if (fields.Length != slot.Length) return false;
            bool same = fields.Select((f, i) => i == threshold || f == slot[i]).All(b => b);
            if (same) continue;
            if (!QualityDiversity.Export.CsvText.TryParseDouble(fields[1], out double was) || !QualityDiversity.Export.CsvText.TryParseDouble(slot[1], out double now) || !(now > was))
                return false;
        }
        return true;
    }

    private static string[] MetricsRows(RunDirectory directory) =>
        File.Exists(directory.MetricsPath) ? File.ReadLines(directory.MetricsPath).Skip(1).Where(l => l.Length > 0).ToArray() : [];

    private static long Iteration(string row) =>
        long.TryParse(row.AsSpan(0, Math.Max(0, row.IndexOf(','))), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long i) ? i : -1;

    private static string WithoutLastField(string row) => row[..Math.Max(0, row.LastIndexOf(','))];

    private static string? TextDisagreement(TextSearchSetup setup, RunDirectory directory)
    {
        var search = setup.Search;
        string step = search.Step.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",";
        string? row = File.Exists(directory.MetricsPath) ? File.ReadLines(directory.MetricsPath).Skip(1).LastOrDefault(l => l.StartsWith(step, StringComparison.Ordinal)) : null;
        if (row is null) return $"metrics.csv has no row for step {search.Step}, which that release wrote just before the checkpoint, so the checkpoint cannot be checked";
        if (!row.StartsWith(TextMetricsCsv.SearchFields(search) + ",", StringComparison.Ordinal))
            return $"the search it holds differs from the metrics.csv row of step {search.Step}, which that release wrote from the same state (one of them is damaged)";
        string dataset = directory.File(TextRunSession.DatasetFile);
        var texts = new Dictionary<long, string?>();
        try
        {
            if (File.Exists(dataset))
                foreach (var r in QualityDiversity.Text.Export.TextDatasetJsonl.Read(dataset)) texts.TryAdd(r.Id, r.Text);
        }
        catch (InvalidDataException e)
        {
            return $"{TextRunSession.DatasetFile}, which that release wrote with the checkpoint, cannot be read to check it ({e.Message})";
        }
        foreach (var elite in setup.Cells.Elites())
        {
            var genome = elite.Solution[0];
            if (!texts.TryGetValue(genome.Id, out string? text) || text != genome.Text)
                return $"its elite text {genome.Id} differs from that text in {TextRunSession.DatasetFile} (one of them is damaged)";
        }
        return null;
    }
}
