using System.Text;
using QualityDiversity.Archives;
using QualityDiversity.Persistence;

namespace QualityDiversity.Export;

/// <summary>
/// Writes and reads archives as CSV: a header <c>index,objective[,threshold],measure_0..,solution_0..</c>
/// and one row per elite in slot order. Numbers use the invariant culture and round-trip
/// formatting, so a file read back gives exactly the stored doubles; lines end with <c>\n</c>.
/// Files are written atomically (a reader never sees a half-written file).
/// </summary>
/// <remarks>
/// The <c>threshold</c> column holds each cell's CMA-MAE acceptance threshold. By default it is
/// written only for soft-threshold archives (a <see cref="CellArchive{T}"/> whose threshold_min is
/// finite), where it differs from the objective.
/// </remarks>
public static class ArchiveCsv
{
    /// <summary>Name of the slot column.</summary>
    public const string IndexColumn = "index";

    /// <summary>Name of the objective column.</summary>
    public const string ObjectiveColumn = "objective";

    /// <summary>Name of the optional threshold column.</summary>
    public const string ThresholdColumn = "threshold";

    /// <summary>Prefix of the measure columns (<c>measure_0</c>, <c>measure_1</c>, …).</summary>
    public const string MeasurePrefix = "measure_";

    /// <summary>Prefix of the solution columns (<c>solution_0</c>, <c>solution_1</c>, …).</summary>
    public const string SolutionPrefix = "solution_";

    /// <summary>Writes a vector archive to <paramref name="path"/> atomically.</summary>
    /// <param name="archive">The archive.</param>
    /// <param name="path">Target file; its directory is created when missing.</param>
    /// <param name="includeThreshold">Whether to write the threshold column; null decides by the archive (see remarks of <see cref="ArchiveCsv"/>).</param>
    public static void Write(IArchive<double> archive, string path, bool? includeThreshold = null) =>
        Write(archive, path, CsvText.FormatDouble, includeThreshold);

    /// <summary>
    /// Writes an archive of any solution element type to <paramref name="path"/> atomically;
    /// <paramref name="formatElement"/> turns each element into text, which is quoted as CSV needs
    /// (a null element is written as an empty field).
    /// </summary>
    public static void Write<T>(IArchive<T> archive, string path, Func<T, string?> formatElement, bool? includeThreshold = null)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(formatElement);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            Write(archive, writer, formatElement, includeThreshold);
        });
    }

    /// <summary>Writes a vector archive as CSV text to <paramref name="writer"/>.</summary>
    public static void Write(IArchive<double> archive, TextWriter writer, bool? includeThreshold = null) =>
        Write(archive, writer, CsvText.FormatDouble, includeThreshold);

    /// <summary>Writes an archive as CSV text to <paramref name="writer"/>, formatting solution elements with <paramref name="formatElement"/>.</summary>
    public static void Write<T>(IArchive<T> archive, TextWriter writer, Func<T, string?> formatElement, bool? includeThreshold = null)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(formatElement);
        bool threshold = includeThreshold ?? HasSoftThresholds(archive);
        writer.Write(Header(archive.MeasureDim, archive.SolutionWidth, threshold));
        writer.Write('\n');
        var data = archive.ToData();
        var line = new StringBuilder();
        for (int row = 0; row < data.Count; row++)
        {
            line.Clear();
            line.Append(data.Index[row].ToString(System.Globalization.CultureInfo.InvariantCulture));
            line.Append(',').Append(CsvText.FormatDouble(data.Objective[row]));
            if (threshold) line.Append(',').Append(CsvText.FormatDouble(data.Threshold[row]));
            foreach (double m in data.MeasuresOf(row)) line.Append(',').Append(CsvText.FormatDouble(m));
            foreach (T element in data.SolutionOf(row)) line.Append(',').Append(CsvText.Quote(formatElement(element) ?? string.Empty));
            line.Append('\n');
            writer.Write(line);
        }
    }

    /// <summary>The header line (without line ending) for the given shape.</summary>
    public static string Header(int measureDim, int solutionWidth, bool includeThreshold)
    {
        var columns = new List<string>(3 + measureDim + solutionWidth) { IndexColumn, ObjectiveColumn };
        if (includeThreshold) columns.Add(ThresholdColumn);
        for (int i = 0; i < measureDim; i++) columns.Add(MeasurePrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        for (int i = 0; i < solutionWidth; i++) columns.Add(SolutionPrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return string.Join(',', columns);
    }

    /// <summary>Whether <paramref name="archive"/> keeps thresholds that differ from its objectives (CMA-MAE soft thresholds).</summary>
    public static bool HasSoftThresholds<T>(IArchive<T> archive) =>
        archive is CellArchive<T> cells && !double.IsNegativeInfinity(cells.ThresholdMin);

    /// <summary>Reads a vector archive file.</summary>
    /// <exception cref="InvalidDataException">The file is not an archive CSV; the message names the line.</exception>
    public static ArchiveCsvTable<double> Read(string path) => Read(path, ParseDoubleElement);

    /// <summary>Reads an archive file, turning each solution field into an element with <paramref name="parseElement"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not an archive CSV; the message names the line.</exception>
    public static ArchiveCsvTable<T> Read<T>(string path, Func<string, T> parseElement)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path, Encoding.UTF8);
        try
        {
            return Read(reader, parseElement);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Reads archive CSV text from <paramref name="reader"/>.</summary>
    /// <exception cref="InvalidDataException">The text is not an archive CSV; the message names the line.</exception>
    public static ArchiveCsvTable<T> Read<T>(TextReader reader, Func<string, T> parseElement)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(parseElement);
        int lineNumber = 1;
        var header = CsvText.ReadRecord(reader, ref lineNumber) ?? throw new InvalidDataException("The file is empty; expected an archive CSV header.");
        var layout = ArchiveCsvLayout.FromHeader(header);
        var rows = new List<ArchiveCsvRow<T>>();
        while (true)
        {
            int recordLine = lineNumber;
            var fields = CsvText.ReadRecord(reader, ref lineNumber);
            if (fields is null) break;
            if (fields.Count == 1 && fields[0].Length == 0) continue; // blank line
            rows.Add(layout.ParseRow(fields, recordLine, parseElement));
        }
        return new ArchiveCsvTable<T>(layout.MeasureDim, layout.SolutionWidth, layout.HasThreshold, rows);
    }

    private static double ParseDoubleElement(string text) =>
        CsvText.TryParseDouble(text, out double value) ? value : throw new FormatException($"'{text}' is not a number.");
}
