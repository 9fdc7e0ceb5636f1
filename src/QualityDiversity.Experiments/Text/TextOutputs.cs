using System.Globalization;
using QualityDiversity.Archives;
using QualityDiversity.Experiments.Figures;
using QualityDiversity.Export;
using QualityDiversity.Persistence;
using QualityDiversity.Plotting;

namespace QualityDiversity.Experiments.Text;

/// <summary>Writes a text run's elites table and its figures.</summary>
internal static class TextOutputs
{
    public const string ElitesFile = "elites.csv";

    /// <summary>elites.csv: one row per filled cell with its labels or bins, scores, lineage and text.</summary>
    public static void WriteElites(TextSearchSetup setup, string path)
    {
        var cells = setup.Cells;
        var axes = setup.AxisNames;
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Join(',', new[] { "cell" }.Concat(axes.Select(a => a + "_bin")).Append("quality").Concat(axes)
                .Concat(["id", "step", "operator", "parent_ids", "cell_depth", "text"])),
        };
        foreach (var elite in cells.Elites().OrderBy(e => cells.CellOf(e.Measures)))
        {
            int cell = cells.CellOf(elite.Measures);
            var genome = elite.Solution[0];
            var fields = new List<string> { cell.ToString(c) };
            fields.AddRange(CellLabels(cells, cell).Select(CsvText.Quote));
            fields.Add(CsvText.FormatDouble(elite.Objective));
            fields.AddRange(elite.Measures.Select(CsvText.FormatDouble));
            fields.Add(genome.Id.ToString(c));
            fields.Add(genome.Step.ToString(c));
            fields.Add(CsvText.Quote(genome.Operator));
            fields.Add(CsvText.Quote(string.Join(';', genome.ParentIds)));
            fields.Add(setup.DepthCount(cell).ToString(c));
            fields.Add(CsvText.Quote(genome.Text));
            lines.Add(string.Join(',', fields));
        }
        AtomicFile.WriteAllText(path, string.Join("\n", lines) + "\n");
    }

    private static IEnumerable<string> CellLabels(CellArchive<QualityDiversity.Text.Genomes.TextGenome> cells, int cell)
    {
        if (cells is CategoricalArchive<QualityDiversity.Text.Genomes.TextGenome> categorical) return categorical.LabelsOf(cell);
        var grid = (GridArchive<QualityDiversity.Text.Genomes.TextGenome>)cells;
        var index = grid.GridIndexOf(cell);
        return index.Select((bin, d) => string.Create(CultureInfo.InvariantCulture, $"[{grid.Axes[d].Edges[bin]}, {grid.Axes[d].Edges[bin + 1]})"));
    }

    /// <summary>
    /// heatmap.png (best quality per cell: a profile over the bins' real values for one measure,
    /// a heatmap for two, a labelled grid for categorical measures) and metrics.png (QD score
    /// and coverage per step).
    /// </summary>
    public static IReadOnlyList<string> WriteFigures(TextSearchSetup setup, string directory, string metricsPath, bool svg, ArchiveFigureOptions? options = null)
    {
        var written = new List<string>();
        var cells = setup.Cells;
        options ??= ArchiveFigureOptions.Default;
        var rows = File.Exists(metricsPath) ? TextMetricsCsv.Read(metricsPath) : [];
        var names = setup.LearnsMeasures
            ? setup.AxisNames.Select(a => $"{a} (learned)").ToArray()
            : cells is CategoricalArchive<QualityDiversity.Text.Genomes.TextGenome> ? setup.AxisNames.ToArray()
            : setup.Domain.Axes.Select(a => $"{a.Name}: P({a.FirstOption})").ToArray();
        var shown = options with
        {
            // Text searches count steps, not iterations.
            Subject = options.Subject ?? (rows.Count > 0 ? $"{setup.Config.Name} after step {rows[^1].Step}" : setup.Config.Name),
            MeasureNames = options.MeasureNames ?? (names.Length == cells.MeasureDim ? names : null),
            MeasureSpace = options.MeasureSpace ?? (setup.LearnsMeasures ? "learned measures" : null),
            ValueLabel = options.ValueLabel == ArchiveFigureOptions.Default.ValueLabel ? "quality" : options.ValueLabel,
        };
        using (var plot = ArchiveFigures.Draw(cells, shown))
            written.AddRange(FigureWriter.Save(plot, directory, FigureWriter.HeatmapName, svg));

        if (rows.Count > 1)
        {
            var data = MetricCurvesData.Standard(rows.Select(r => (double)r.Step).ToArray(), qdScore: rows.Select(r => r.QdScore).ToArray(),
                coverageFraction: rows.Select(r => r.Coverage).ToArray(), xLabel: "steps") with
            {
                Title = $"{setup.Config.Name}: metrics of the archive per step",
            };
            written.AddRange(FigureWriter.Save(MetricFigures.Curves(data), directory, FigureWriter.MetricsName, svg, FigureFile.DefaultWidth, 700));
        }
        return written;
    }
}
