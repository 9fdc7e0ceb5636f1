using System.Globalization;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Figures;
using QualityDiversity.Experiments.Output;
using QualityDiversity.Experiments.Text;
using QualityDiversity.Export;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Learning.Search;
using QualityDiversity.Plotting;
using QualityDiversity.Text.Export;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Experiments;

/// <summary>
/// The files of one run's output directory, and readers for them: the configuration, the
/// archive, the metrics, the judgments of a learned-measure search, the dataset of a text search
/// and the figures. Reading never changes the directory; a running search can be read too.
/// </summary>
public sealed class RunDirectory
{
    /// <summary>Folder that holds default output directories, relative to the working directory.</summary>
    public const string DefaultParent = "runs";

    /// <summary>Wraps the directory at <paramref name="path"/> (which need not exist yet).</summary>
    public RunDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
    }

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <summary>The fully resolved configuration, <c>config.json</c>.</summary>
    public string ConfigPath => File("config.json");

    /// <summary>One row of metrics per logged iteration (text searches: per batch), <c>metrics.csv</c>.</summary>
    public string MetricsPath => File("metrics.csv");

    /// <summary>The reported archive, <c>archive.csv</c> (vector searches; a learned-measure search's is re-scored in ground-truth measures).</summary>
    public string ArchivePath => File("archive.csv");

    /// <summary>The search state, <c>checkpoint.bin</c>.</summary>
    public string CheckpointPath => File("checkpoint.bin");

    /// <summary>Whether the directory already holds a search (a config or a checkpoint).</summary>
    public bool HoldsRun => System.IO.File.Exists(ConfigPath) || System.IO.File.Exists(CheckpointPath);

    /// <summary>Whether the directory holds a text search (its config.json has a "text" section).</summary>
    public bool IsTextSearch => System.IO.File.Exists(ConfigPath) && TextConfigParser.IsTextConfig(System.IO.File.ReadAllText(ConfigPath));

    /// <summary>The path of file <paramref name="name"/> in the directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The run directory at <paramref name="path"/>, which must exist and hold a config.json.</summary>
    /// <exception cref="ExperimentException">It does not.</exception>
    public static RunDirectory Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // A path that is not a run directory is a wrong argument, not a failure of the run.
        if (!Directory.Exists(path)) throw new ExperimentException($"run directory '{path}' not found.", ExperimentErrorKind.InvalidRequest);
        var directory = new RunDirectory(path);
        if (!System.IO.File.Exists(directory.ConfigPath))
            throw new ExperimentException($"'{path}' has no config.json; it is not a run directory.", ExperimentErrorKind.InvalidRequest);
        return directory;
    }

    /// <summary>
    /// A fresh default directory <c>runs/&lt;name&gt;-&lt;yyyyMMdd-HHmmss&gt;</c>, with a numeric
    /// suffix when that name is taken.
    /// </summary>
    public static RunDirectory CreateDefault(string name, DateTime now)
    {
        string stem = System.IO.Path.Combine(DefaultParent, $"{name}-{now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
        string path = stem;
        for (int i = 2; Directory.Exists(path) || System.IO.File.Exists(path); i++) path = $"{stem}-{i}";
        return new RunDirectory(path);
    }

    /// <summary>The configuration the run was started with (as extended by a resume).</summary>
    /// <exception cref="ConfigException">config.json is missing or invalid.</exception>
    public ExperimentConfig ReadConfig() => ExperimentConfig.Parse(ConfigLoader.ReadFile(ConfigPath), ConfigPath, System.IO.Path.GetFileName(Path));

    /// <summary>
    /// The archive of a vector search as of its last checkpoint: one row per elite with index,
    /// objective, optional threshold, measures and solution (learned-measure searches: re-scored
    /// in ground-truth measures). Text searches keep their elites in <c>elites.csv</c> and the
    /// dataset instead.
    /// </summary>
    /// <exception cref="ExperimentException">archive.csv has not been written yet.</exception>
    public ArchiveCsvTable<double> ReadArchive()
    {
        Require(ArchivePath, "it is written at the first checkpoint");
        return ArchiveCsv.Read(ArchivePath);
    }

    /// <summary>
    /// Compares this run's archive with <paramref name="other"/>'s, cell by cell: the cells both
    /// reached, the cells only one reached, and in shared cells which holds the better elite. Both
    /// runs must report archives of the same cells (the same grid, categories, or CVT cells,
    /// ranges, samples and centroid seed).
    /// </summary>
    /// <exception cref="ExperimentException">A run is a text search, its archive has no fixed cells (proximity, sliding boundaries, …), the two runs' cells differ, or an archive.csv is missing.</exception>
    public Metrics.ArchiveComparison CompareArchive(RunDirectory other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var (mine, theirs) = (CellsOf(this), CellsOf(other));
        if (mine.Layout != theirs.Layout)
            throw new ExperimentException(nameof(other), $"'{Path}' and '{other.Path}' report archives of different cells, so their cells do not compare.", ExperimentErrorKind.InvalidRequest);
        return Metrics.ArchiveComparison.Of(ReadArchive().ToData(), other.ReadArchive().ToData(), mine.Cells);
    }

    private static (int Cells, string Layout) CellsOf(RunDirectory run)
    {
        if (run.IsTextSearch || run.ReadConfig() is not SearchConfig config)
            throw new ExperimentException("other", $"'{run.Path}' holds a text search; its archive is compared through its dataset instead.", ExperimentErrorKind.InvalidRequest);
        return ArchiveCells.Of(config)
            ?? throw new ExperimentException("other", $"the archive of '{run.Path}' ({config.ReportedArchive.Type}) has no fixed cells to compare.", ExperimentErrorKind.InvalidRequest);
    }

    /// <summary>The metrics table, one row per logged iteration (text searches: per batch), by column name.</summary>
    /// <exception cref="ExperimentException">metrics.csv has not been written yet.</exception>
    public MetricsTable ReadMetrics()
    {
        Require(MetricsPath, "it is written from the first iteration on");
        return MetricsTable.Read(MetricsPath);
    }

    /// <summary>
    /// A learned-measure search's ground-truth scores (<c>ground_truth.csv</c>): every scoring interval,
    /// the archive's elites and all candidates so far re-scored in the task's true measures.
    /// </summary>
    /// <exception cref="ExperimentException">The run is not a learned-measure search or has not been scored yet.</exception>
    public IReadOnlyList<GroundTruthScore> ReadGroundTruth()
    {
        string path = File(Search.LearnedRunSession.GroundTruthFile);
        Require(path, "only learned-measure searches write one, at their first checkpoint");
        return Reproduce.QdhfTrialFiles.ReadScores(path, out _);
    }

    /// <summary>A learned-measure search's measure updates (<c>updates.csv</c>): one per refit, with judgments, validation accuracy and the new bounds.</summary>
    /// <exception cref="ExperimentException">The run is not a learned-measure search or has not written the file yet.</exception>
    public IReadOnlyList<MeasureUpdate> ReadMeasureUpdates()
    {
        string path = File(Search.LearnedRunSession.UpdatesFile);
        Require(path, "only learned-measure searches write one, at their first checkpoint");
        return Reproduce.QdhfTrialFiles.ReadUpdates(path);
    }

    /// <summary>
    /// A learned-measure search's archive in its learned measure space (<c>learned-archive.csv</c>), as
    /// of its last checkpoint; <see cref="ReadArchive"/> is the same elites re-scored in ground truth.
    /// </summary>
    /// <exception cref="ExperimentException">The run is not a learned-measure search or has not written the file yet.</exception>
    public ArchiveCsvTable<double> ReadLearnedArchive()
    {
        string path = File(Search.LearnedRunSession.LearnedArchiveFile);
        Require(path, "only learned-measure searches write one, at their first checkpoint");
        return ArchiveCsv.Read(path);
    }

    /// <summary>The similarity judgments of a learned-measure search, in the order they were given.</summary>
    /// <exception cref="ExperimentException">The run keeps no judgments file.</exception>
    public IReadOnlyList<Judgment> ReadJudgments()
    {
        string path = IsTextSearch ? File(TextSearchBuilder.JudgmentsFileName) : File(Search.LearnedSearchBuilder.JudgmentsFile);
        Require(path, "only learned-measure searches that ask a judge keep one");
        return JudgmentSet.Load(path);
    }

    /// <summary>Every text a text search evaluated, with scores, lineage and status (dataset.jsonl).</summary>
    /// <exception cref="ExperimentException">The run is not a text search or wrote no dataset yet.</exception>
    public IReadOnlyList<EvaluatedText> ReadDataset()
    {
        string path = File(TextRunSession.DatasetFile);
        Require(path, "only text searches write one, from their first batch on");
        return TextDatasetJsonl.Read(path);
    }

    /// <summary>The figure files (PNG and SVG) the directory holds.</summary>
    public IReadOnlyList<string> Figures =>
        Directory.Exists(Path)
            ? Directory.EnumerateFiles(Path).Where(f => f.EndsWith(".png", StringComparison.Ordinal) || f.EndsWith(".svg", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray()
            : [];

    /// <summary>Draws the run's figures again from its files (a text search: from its checkpoint); returns the files written.</summary>
    /// <param name="svg">Whether to write SVG files besides PNG.</param>
    /// <exception cref="ExperimentException">The files the figures come from do not exist yet.</exception>
    public IReadOnlyList<string> WriteFigures(bool svg = false) => WriteFigures(ArchiveFigureOptions.Default, svg);

    /// <summary>
    /// Draws the run's figures again from its files (a text search: from its checkpoint) with the
    /// archive figure drawn as <paramref name="options"/> say (colormap, value range, measure
    /// names, title, borders); what they leave unset comes from the run (its name, its task's
    /// measure names); returns the files written.
    /// </summary>
    /// <param name="options">How to draw the archive.</param>
    /// <param name="svg">Whether to write SVG files besides PNG.</param>
    /// <exception cref="ExperimentException">The files the figures come from do not exist yet.</exception>
    /// <exception cref="ArgumentException">An option does not fit the archive (for example a measure name too many); the parameter name is the option.</exception>
    public IReadOnlyList<string> WriteFigures(ArchiveFigureOptions options, bool svg = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (IsTextSearch)
        {
            Require(CheckpointPath, "it is written after the first batch");
            var config = (TextRunConfig)ReadConfig();
            var checkpoint = Runs.CheckpointChoice.Readable(this, config)
                ?? throw new ExperimentException($"'{Path}' has no intact checkpoint to draw the figures from; resume the run to see why.", ExperimentErrorKind.Failure);
            using var setup = TextSearchBuilder.Build(config, this, readOnly: true);
            using (var contents = checkpoint.Open(config)) setup.LoadCheckpoint(contents);
            return TextOutputs.WriteFigures(setup, Path, MetricsPath, svg, options);
        }
        Require(ArchivePath, "it is written at the first checkpoint");
        var search = ConfigLoader.LoadUnresolved(ConfigPath);
        return FigureWriter.WriteAll(this, search, svg, options: options);
    }

    private void Require(string file, string why)
    {
        if (!System.IO.File.Exists(file))
            throw new ExperimentException($"'{Path}' has no {System.IO.Path.GetFileName(file)} yet; {why}.", ExperimentErrorKind.Failure);
    }
}
