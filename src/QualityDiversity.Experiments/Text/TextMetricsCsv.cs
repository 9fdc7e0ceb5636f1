using System.Globalization;
using QualityDiversity.Export;
using QualityDiversity.Llm.Client;
using QualityDiversity.Persistence;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Experiments.Text;

/// <summary>
/// metrics.csv of a text run: one row per batch with archive scores, failures, and the model
/// calls, cache hits, retries, tokens and cost (at the configured prices) so far, and how many
/// scores took each judging path so far: whole options (<c>scores_option_logprobs</c>), the first
/// token's top log-probabilities (<c>scores_logprobs</c>), a verbal number or label
/// (<c>scores_verbal</c>), or another reading (<c>scores_other</c>: JSON ratings and labels,
/// embeddings); empty in a run resumed from an earlier release's checkpoint, which did not count
/// them. Rows past a checkpoint are dropped on resume.
/// </summary>
internal static class TextMetricsCsv
{
    public const string Header = "step,proposed,failed,elites,coverage,qd_score,max_quality,llm_calls,cache_hits,retries,llm_failures,prompt_tokens,completion_tokens,elapsed_s,cost,scores_option_logprobs,scores_logprobs,scores_verbal,scores_other";

    /// <summary>Appends rows made by <see cref="Row"/>, in order.</summary>
    public static void Append(string path, IReadOnlyList<string> rows)
    {
        if (rows.Count == 0) return;
        bool fresh = !File.Exists(path) || new FileInfo(path).Length == 0;
        if (!fresh) UpgradeHeader(path);
        File.AppendAllText(path, (fresh ? Header + "\n" : "") + string.Concat(rows.Select(r => r + "\n")));
    }

    /// <summary>The row of the batch just finished, as <see cref="Append(string, IReadOnlyList{string})"/> writes it.</summary>
    public static string Row(GenerativeSearch search, LlmUsageSnapshot usage, double cost)
    {
        var c = CultureInfo.InvariantCulture;
        return string.Join(',',
            SearchFields(search),
            usage.Calls.ToString(c), usage.CacheHits.ToString(c), usage.Retries.ToString(c), usage.Failures.ToString(c),
            usage.PromptTokens.ToString(c), usage.CompletionTokens.ToString(c), search.Elapsed.TotalSeconds.ToString("0.###", c), CsvText.FormatDouble(cost),
            // Counts that miss the scores before a resume from an earlier release would read as totals: left empty.
            search.JudgePathsCountedFromStart ? JudgePaths(search.JudgePaths) : ",,,");
    }

    // A run started by an earlier build has fewer columns: its rows get empty (NaN) fields for
    // the new ones, so every row keeps the header's width.
    private static void UpgradeHeader(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] == Header || !Header.StartsWith(lines[0] + ",", StringComparison.Ordinal)) return;
        string padding = new(',', Header.Count(ch => ch == ',') - lines[0].Count(ch => ch == ','));
        var upgraded = new List<string>(lines.Length) { Header };
        upgraded.AddRange(lines.Skip(1).Where(l => l.Length > 0).Select(l => l + padding));
        AtomicFile.WriteAllText(path, string.Join("\n", upgraded) + "\n");
    }

    /// <summary>The four path-count fields: whole options, first-token log-probabilities, verbal, other.</summary>
    public static string JudgePaths(IReadOnlyDictionary<string, long> paths)
    {
        long options = 0, logprobs = 0, verbal = 0, other = 0;
        foreach (var (path, count) in paths)
        {
            if (path == "option_logprobs") options += count;
            else if (path == "logprobs") logprobs += count;
            else if (path.StartsWith("verbal_", StringComparison.Ordinal)) verbal += count;
            else other += count;
        }
        var c = CultureInfo.InvariantCulture;
        return string.Join(',', options.ToString(c), logprobs.ToString(c), verbal.ToString(c), other.ToString(c));
    }

    /// <summary>The first fields of a row, which describe the search: step, proposed, failed, elites, coverage, QD score, best quality.</summary>
    public static string SearchFields(GenerativeSearch search)
    {
        var s = search.Archive.Statistics;
        var c = CultureInfo.InvariantCulture;
        return string.Join(',',
            search.Step.ToString(c), search.Proposed.ToString(c), search.Failed.ToString(c), s.Elites.ToString(c),
            CsvText.FormatDouble(s.Coverage), CsvText.FormatDouble(s.QdScore), CsvText.FormatDouble(s.Elites == 0 ? double.NaN : s.MaxObjective));
    }

    /// <summary>The rows: step, QD score, coverage.</summary>
    public static List<(int Step, double QdScore, double Coverage)> Read(string path)
    {
        var rows = new List<(int, double, double)>();
        if (!File.Exists(path)) return rows;
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split(',');
            if (f.Length < 6 || !int.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int step)) continue;
            CsvText.TryParseDouble(f[5], out double qd);
            CsvText.TryParseDouble(f[4], out double coverage);
            rows.Add((step, qd, coverage));
        }
        return rows;
    }

    /// <summary>Drops rows of steps after <paramref name="lastStep"/> (written after the checkpoint a run resumes from).</summary>
    public static void TruncateAfter(string path, int lastStep)
    {
        if (!File.Exists(path)) return;
        var kept = File.ReadLines(path).Where((line, i) => i == 0 || (int.TryParse(line.Split(',')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int step) && step <= lastStep));
        AtomicFile.WriteAllText(path, string.Join("\n", kept) + "\n");
    }
}
