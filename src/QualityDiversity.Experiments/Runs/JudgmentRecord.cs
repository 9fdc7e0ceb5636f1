using System.Globalization;
using System.Runtime.InteropServices;
using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Experiments.Runs;

/// <summary>
/// A run's judgments.jsonl against its checkpoint, which keeps every judgment the measures were
/// trained on. The file must begin with exactly the checkpoint's judgments, each once (in any
/// order: people's answers are recorded as they arrive); judgments after them are answers a
/// stopped process received after its last checkpoint, which the resumed run replays. A file
/// that was cut, emptied, doubled or edited is refused with nothing changed, since the resumed
/// run would otherwise end with a record that misses answers or repeats them. A missing file is
/// written again from the checkpoint, with a note: the checkpoint holds all it had up to there.
/// </summary>
internal static class JudgmentRecord
{
    /// <summary>Checks <paramref name="file"/> against <paramref name="recorded"/>, the judge's answers in the checkpoint.</summary>
    /// <returns>What to do once the resume may change files: write a missing file again.</returns>
    /// <exception cref="ExperimentException">The file does not match the checkpoint.</exception>
    public static Action? Verify(RunDirectory directory, JudgmentSet file, IReadOnlyList<Judgment> recorded, List<string> notes)
    {
        string path = file.FilePath ?? throw new ArgumentException("The judgments must be backed by the run's file.", nameof(file));
        string name = Path.GetFileName(path);
        if (Directory.Exists(path))
            throw RunHistory.Mismatch(directory, name, "it is a directory", "move it aside: the resume then writes it again from the checkpoint");
        if (!File.Exists(path))
        {
            if (recorded.Count == 0) return null;
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{name} is missing: it was written again from the checkpoint's {recorded.Count} judgments; answers given after the checkpoint, if any, are asked again."));
            return () => file.AddRange(recorded);
        }
        if (Problem(file, recorded) is { } problem)
            throw RunHistory.Mismatch(directory, name, problem,
                $"move it aside: the resume then writes it again from the {recorded.Count} judgments in the checkpoint");
        return null;
    }

    // Null when the file begins with the checkpoint's judgments, each once, and repeats none of them after.
    private static string? Problem(JudgmentSet file, IReadOnlyList<Judgment> recorded)
    {
        var c = CultureInfo.InvariantCulture;
        string torn = file.LoadWarnings.Count > 0 ? " and a cut last line" : "";
        if (file.Count < recorded.Count)
            return file.Count == 0
                ? string.Create(c, $"it holds no judgments{torn}, but the checkpoint has {recorded.Count}")
                : string.Create(c, $"it holds {file.Count} judgments{torn}, but the checkpoint has {recorded.Count}");
        // Judgments are compared as the lines they are written as: equal lines, equal answers bit for bit.
        var left = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var judgment in recorded) CollectionsMarshal.GetValueRefOrAddDefault(left, JudgmentSet.FormatLine(judgment), out _)++;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < file.Count; i++)
        {
            string line = JudgmentSet.FormatLine(file[i]);
            bool expected = i < recorded.Count && left.GetValueOrDefault(line) > 0;
            // An answer given after the checkpoint comes from a later batch, with a later time: never
            // one of the checkpoint's. (Within one batch, a triplet drawn twice may be answered twice alike.)
            if (!expected && seen.TryGetValue(line, out int earlier) && (i < recorded.Count || earlier < recorded.Count))
                return string.Create(c, $"judgment {i + 1} repeats judgment {earlier + 1}");
            if (i < recorded.Count && !expected)
                return string.Create(c, $"judgment {i + 1} is not one of the checkpoint's {recorded.Count}");
            if (expected) left[line]--;
            seen.TryAdd(line, i);
        }
        return null;
    }
}
