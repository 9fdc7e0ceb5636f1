using System.Buffers.Binary;
using System.Text;
using QualityDiversity.Experiments.Configuration;
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
/// Such a file has no checksum; <see cref="UnframedCheckpointWitness"/> checks the restored state
/// against the files that release wrote beside it instead.
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
