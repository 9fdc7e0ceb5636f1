using QualityDiversity.Experiments;
using QualityDiversity.Web.Dashboard;
using QualityDiversity.Web.Raters;
using QualityDiversity.Web.Storage;

namespace QualityDiversity.Web;

/// <summary>
/// <c>qd report</c>: the live dashboard's views of a run directory (heatmap, metric curves, refits
/// with validation accuracy, raters with accuracy on gold and agreement, a text search's elites
/// per cell) as one self-contained HTML file. Reads the directory only; a running search can be reported.
/// </summary>
public static class RunReport
{
    /// <summary>The report's default file name, in the run directory.</summary>
    public const string FileName = "report.html";

    /// <summary>Writes the report of the run in <paramref name="directory"/> to <paramref name="output"/> (default: report.html in the directory); returns the path written.</summary>
    /// <exception cref="ExperimentException">The directory holds no run.</exception>
    /// <exception cref="Experiments.Configuration.ConfigException">Its config.json is invalid.</exception>
    public static string Write(string directory, string? output = null)
    {
        var run = Experiment.Open(directory);
        string path = output ?? run.File(FileName);
        string html = Render(run, DateTimeOffset.UtcNow);
        Persistence.AtomicFile.WriteAllText(path, html);
        return path;
    }

    /// <summary>The report's HTML for <paramref name="run"/>, dated <paramref name="at"/>.</summary>
    internal static string Render(RunDirectory run, DateTimeOffset at)
    {
        var config = run.ReadConfig();
        return ReportPage.Render(config.Name, RunViewBuilder.Build(run, Raters(run), status: null), at);
    }

    // Raters from the judgments file and the gold answers in judgments.db; none for a run nobody judged.
    private static (IReadOnlyList<RaterStats>, RaterAgreement)? Raters(RunDirectory run)
    {
        string judgments = run.File(Experiments.Search.LearnedSearchBuilder.JudgmentsFile);
        string database = run.File(JudgmentDatabase.FileName);
        if (!File.Exists(database)) return null;
        var answered = File.Exists(judgments)
            ? Learning.Judgments.JudgmentSet.Load(judgments).GroupBy(j => j.JudgeName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal)
            : [];
        var gold = JudgmentDatabase.ReadGold(database);
        return (RaterSummary.Stats(answered, gold), RaterSummary.Agreement(gold));
    }
}
