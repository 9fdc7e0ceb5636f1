using System.Buffers.Binary;
using System.Text;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Output;
using QualityDiversity.Experiments.Search;
using QualityDiversity.Experiments.Text;
using QualityDiversity.Learning.Search;
using QualityDiversity.Runs;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Experiments.Runs;

/// <summary>
/// Checkpoints in the layout that releases before the verified container wrote: checkpoint.bin
/// held the bare state of the one search, with no header, lengths or checksum. A vector search's
/// state begins with the string "QDCHECKPOINT", a learned-measure search's with
/// "QualityDiversity.LearnedMeasureSearch" (both as BinaryWriter strings, length first), a text
/// search's with its state format number. The state inside is what the search's own reader
/// reads (a learned-measure search's in its format 1), so such a file is opened as a checkpoint of
/// one section and restored by that reader, which must consume it exactly.
/// <para>
/// The run must then go on as the release that started it would have run it. Two behaviours
/// changed since, and are handled so that a resume is never silently different:
/// <list type="bullet">
/// <item>Soft-threshold archives (learning rate below 1) replaced an elite only by a better
/// objective; the default is now the threshold rule. The upgrade writes
/// <c>elite_replacement: objective</c> into config.json, which keeps the earlier rule for the
/// rest of the run.</item>
/// <item>Measures learned from judgments by a triplet projection stopped a fit one epoch earlier
/// than the protocol rule does now, and a noisy simulated judge drew its noise in asking order.
/// Both act only at measure updates, so a checkpoint written after the last scheduled update
/// resumes exactly; one with updates still to come is refused with what to do.</item>
/// </list>
/// </para>
/// </summary>
internal static class UnframedCheckpoint
{
    private const string VectorMagic = "QDCHECKPOINT";
    private const string LearnedMagic = "QualityDiversity.LearnedMeasureSearch";

    // The text search's state starts with its format number; any small positive one is taken as
    // a candidate and its reader decides.
    private const int MaxTextFormat = 64;

    /// <summary>The section name under which the file's state is read for <paramref name="config"/>'s kind of run.</summary>
    public static string SectionOf(ExperimentConfig config) => config switch
    {
        SearchConfig { Measures: not null } => LearnedMeasureSearch<double>.CheckpointSectionName,
        SearchConfig => SearchRunner<double>.CheckpointSectionName,
        TextRunConfig => GenerativeSearch.CheckpointSectionName,
        _ => throw new ArgumentException($"unknown configuration type {config.GetType().Name}.", nameof(config)),
    };

    /// <summary>The kind of run, in words, for messages.</summary>
    public static string KindOf(ExperimentConfig config) => config switch
    {
        SearchConfig { Measures: not null } => "learned-measure search",
        SearchConfig => "vector search",
        _ => "text search",
    };

    /// <summary>Whether the file at <paramref name="path"/> begins like an unframed checkpoint of <paramref name="config"/>'s kind of run.</summary>
    /// <exception cref="IOException">It cannot be read.</exception>
    public static bool Recognizes(string path, ExperimentConfig config)
    {
        Span<byte> start = stackalloc byte[1 + LearnedMagic.Length];
        int n;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64))
            n = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        var head = start[..n];
        return config switch
        {
            SearchConfig { Measures: not null } => StartsWithString(head, LearnedMagic),
            SearchConfig => StartsWithString(head, VectorMagic),
            TextRunConfig => head.Length >= 4 && BinaryPrimitives.ReadInt32LittleEndian(head) is >= 1 and <= MaxTextFormat,
            _ => false,
        };
    }

    // A BinaryWriter string of fewer than 128 bytes: one length byte, then UTF-8.
    private static bool StartsWithString(ReadOnlySpan<byte> head, string magic) =>
        head.Length >= 1 + magic.Length && head[0] == magic.Length && head.Slice(1, magic.Length).SequenceEqual(Encoding.ASCII.GetBytes(magic));

    /// <summary>
    /// The configuration the run goes on with: <paramref name="config"/> with the earlier
    /// release's elite replacement written out for every soft-threshold archive that left it to
    /// the default. <paramref name="changed"/> tells whether anything was written out.
    /// </summary>
    public static ExperimentConfig KeepEarlierBehaviour(ExperimentConfig config, out bool changed)
    {
        changed = false;
        if (config is not SearchConfig search) return config;
        var archive = Pin(search.Archive, ref changed);
        var result = search.ResultArchive is { } r ? Pin(r, ref changed) : null;
        return changed ? search with { Archive = archive, ResultArchive = result } : config;
    }

    private static ArchiveConfig Pin(ArchiveConfig archive, ref bool changed)
    {
        if (archive.LearningRate >= 1.0 || archive.EliteReplacement is not null) return archive;
        changed = true;
        return archive with { EliteReplacement = QualityDiversity.Archives.EliteReplacement.BetterObjective };
    }

    /// <summary>
    /// Why the restored run could not end as the earlier release would have ended it, or null
    /// when it can: measures learned from judgments by a triplet projection with updates to come.
    /// </summary>
    public static string? WhyNotExact(RunSession session) => session switch
    {
        LearnedRunSession learned when learned.Setup.Measures.Type == MeasuresConfig.Qdhf
            && learned.Setup.Search.MeasureUpdatesDone < learned.Setup.Search.MeasureUpdatesScheduled =>
            Remaining(learned.Setup.Search.MeasureUpdatesDone, learned.Setup.Search.MeasureUpdatesScheduled),
        TextRunSession text when text.Setup.Search.MeasureSpace is { } space && text.Setup.Search.MeasureUpdatesDone < space.UpdateSteps.Count =>
            Remaining(text.Setup.Search.MeasureUpdatesDone, space.UpdateSteps.Count),
        _ => null,
    };

    private static string Remaining(int done, int scheduled) =>
        $"it holds the state after {done} of the {scheduled} measure updates: the measures learned at the updates to come could differ from the earlier release's " +
        "(this release's fits check the protocol's early stopping one epoch later, and a noisy simulated judge draws its noise per question)";

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

    /// <summary>The note given when a run resumes from an unframed checkpoint.</summary>
    public static string Note(string path, bool pinned)
    {
        string name = Path.GetFileName(path);
        string rule = pinned
            ? " config.json now says elite_replacement: objective for its soft-threshold archives, the rule that release used, so the run goes on as it would have."
            : "";
        return $"{name} was written by an earlier release (without a header or checksum); it was read in that layout, and the next checkpoint is written in the verified format.{rule}";
    }

    /// <summary>The refusal when an unframed checkpoint cannot resume this run exactly.</summary>
    public static ExperimentException Refusal(RunDirectory directory, string path, string reason)
    {
        string name = Path.GetFileName(path);
        return new ExperimentException(
            $"Cannot resume '{directory.Path}': {name} was written by an earlier release (without a header or checksum), and {reason.TrimEnd('.')}. " +
            $"Nothing in the directory was changed. Finish the run with the release that started it, or start it again with this one: qd run {directory.ConfigPath} --out NEW_DIRECTORY.",
            ExperimentErrorKind.Failure);
    }
}
