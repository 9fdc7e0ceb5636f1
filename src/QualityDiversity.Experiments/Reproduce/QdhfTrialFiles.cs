using System.Globalization;
using System.Text;
using QualityDiversity.Export;
using QualityDiversity.Learning.Search;
using QualityDiversity.Persistence;

namespace QualityDiversity.Experiments.Reproduce;

/// <summary>
/// The per-trial files of a reproduction: <c>trials/METHOD/trial-K.csv</c> (ground-truth scores)
/// and <c>trials/METHOD/trial-K-updates.csv</c>. Both are written atomically once the trial ends,
/// so a file that exists is complete and a resumed reproduction skips its trial.
/// </summary>
internal static class QdhfTrialFiles
{
    /// <summary>Header of the scores file.</summary>
    public const string ScoresHeader = "iteration,evaluations,archive_qd_score,archive_coverage,all_qd_score,all_coverage,best_objective";

    /// <summary>Header of the updates file.</summary>
    public const string UpdatesHeader = "iteration,new_judgments,total_judgments,validation_accuracy,epochs,offered,elites,seconds,bounds";

    /// <summary>Path of the scores file of a trial.</summary>
    public static string ScoresPath(string root, QdhfMethod method, int trial) => Path.Combine(root, "trials", method.Id, $"trial-{trial}.csv");

    /// <summary>Path of the updates file of a trial.</summary>
    public static string UpdatesPath(string root, QdhfMethod method, int trial) => Path.Combine(root, "trials", method.Id, $"trial-{trial}-updates.csv");

    /// <summary>Writes both files of <paramref name="result"/>: the updates first, so that an existing scores file implies both.</summary>
    public static void Write(string root, QdhfTrialResult result)
    {
        string scores = ScoresPath(root, result.Method, result.Trial);
        Directory.CreateDirectory(Path.GetDirectoryName(scores)!);
        AtomicFile.WriteAllText(UpdatesPath(root, result.Method, result.Trial), FormatUpdates(result.Updates));
        AtomicFile.WriteAllText(scores, FormatScores(result.Scores) + "# seconds=" + CsvText.FormatDouble(result.Seconds) + "\n");
    }

    /// <summary>The scores file's text: header and one row per score.</summary>
    public static string FormatScores(IEnumerable<GroundTruthScore> scores)
    {
        var text = new StringBuilder(ScoresHeader).Append('\n');
        foreach (var s in scores)
        {
            text.Append(string.Join(',', I(s.Iteration), s.Evaluations.ToString(CultureInfo.InvariantCulture),
                CsvText.FormatDouble(s.ArchiveQdScore), CsvText.FormatDouble(s.ArchiveCoverage),
                CsvText.FormatDouble(s.AllQdScore), CsvText.FormatDouble(s.AllCoverage), CsvText.FormatDouble(s.BestObjective))).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The updates file's text: header and one row per measure-space update.</summary>
    public static string FormatUpdates(IEnumerable<QdhfUpdateRow> updates)
    {
        var text = new StringBuilder(UpdatesHeader).Append('\n');
        foreach (var u in updates)
        {
            text.Append(string.Join(',', I(u.Iteration), I(u.NewJudgments), I(u.TotalJudgments),
                u.ValidationAccuracy is { } a ? CsvText.FormatDouble(a) : "", I(u.Epochs), I(u.Offered), I(u.Elites),
                CsvText.FormatDouble(u.Seconds), FormatBounds(u.Bounds))).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Reads a completed trial back, or returns null when its files do not exist.</summary>
    /// <exception cref="InvalidDataException">A file exists but is malformed; the message names it and the line.</exception>
    public static QdhfTrialResult? TryRead(string root, QdhfMethod method, int trial)
    {
        string scoresPath = ScoresPath(root, method, trial), updatesPath = UpdatesPath(root, method, trial);
        if (!File.Exists(scoresPath) || !File.Exists(updatesPath)) return null;
        var scores = ReadScores(scoresPath, out double seconds);
        if (scores.Count == 0) throw new InvalidDataException($"{scoresPath}: no score rows.");
        return new QdhfTrialResult(method, trial, scores, ReadUpdates(updatesPath), seconds);
    }

    /// <summary>The rows of a scores file (a trial's, or a run's ground_truth.csv); <paramref name="seconds"/> is its trailing wall time, 0 when it has none.</summary>
    /// <exception cref="InvalidDataException">The file is malformed; the message names it and the line.</exception>
    public static List<GroundTruthScore> ReadScores(string path, out double seconds)
    {
        var scores = new List<GroundTruthScore>();
        seconds = 0;
        foreach (var (fields, line) in Rows(path, ScoresHeader, 7))
        {
            if (fields is null) { seconds = D(line.Substring("# seconds=".Length), path, 0); continue; }
            scores.Add(new GroundTruthScore(int.Parse(fields[0], CultureInfo.InvariantCulture), long.Parse(fields[1], CultureInfo.InvariantCulture),
                D(fields[2], path, 0), D(fields[3], path, 0), D(fields[4], path, 0), D(fields[5], path, 0), D(fields[6], path, 0)));
        }
        return scores;
    }

    /// <summary>The rows of an updates file (a trial's, or a run's updates.csv).</summary>
    /// <exception cref="InvalidDataException">The file is malformed; the message names it and the line.</exception>
    public static List<QdhfUpdateRow> ReadUpdates(string path)
    {
        var updates = new List<QdhfUpdateRow>();
        foreach (var (fields, _) in Rows(path, UpdatesHeader, 9))
        {
            if (fields is null) continue;
            updates.Add(new QdhfUpdateRow(int.Parse(fields[0], CultureInfo.InvariantCulture), int.Parse(fields[1], CultureInfo.InvariantCulture),
                int.Parse(fields[2], CultureInfo.InvariantCulture), fields[3].Length == 0 ? null : D(fields[3], path, 0),
                int.Parse(fields[4], CultureInfo.InvariantCulture), int.Parse(fields[5], CultureInfo.InvariantCulture),
                int.Parse(fields[6], CultureInfo.InvariantCulture), D(fields[7], path, 0), ParseBounds(fields[8], path)));
        }
        return updates;
    }

    private static IEnumerable<(string[]? Fields, string Line)> Rows(string path, string header, int columns)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != header)
            throw new InvalidDataException($"{path}: line 1 is not the expected header \"{header}\".");
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Length == 0) continue;
            if (line.StartsWith('#')) { yield return (null, line); continue; }
            var fields = line.Split(',');
            if (fields.Length != columns)
                throw new InvalidDataException($"{path}: line {i + 1} has {fields.Length} fields, expected {columns}.");
            yield return (fields, line);
        }
    }

    // "lower_0;upper_0;lower_1;upper_1": one CSV field whatever the number of measures.
    private static string FormatBounds(IReadOnlyList<(double Lower, double Upper)> bounds) =>
        string.Join(';', bounds.SelectMany(b => new[] { CsvText.FormatDouble(b.Lower), CsvText.FormatDouble(b.Upper) }));

    private static (double Lower, double Upper)[] ParseBounds(string text, string path)
    {
        var values = text.Split(';').Select(v => D(v, path, 0)).ToArray();
        if (values.Length % 2 != 0) throw new InvalidDataException($"{path}: bounds \"{text}\" do not come in pairs.");
        return Enumerable.Range(0, values.Length / 2).Select(i => (values[2 * i], values[2 * i + 1])).ToArray();
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static double D(string text, string path, int line) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            ? v
            : throw new InvalidDataException($"{path}: \"{text}\" is not a number.");
}
