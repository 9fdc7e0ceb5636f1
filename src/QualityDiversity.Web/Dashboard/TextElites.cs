using System.Globalization;
using System.Text;
using QualityDiversity.Export;
using static QualityDiversity.Web.Rendering.Html;

namespace QualityDiversity.Web.Dashboard;

/// <summary>
/// A text search's elites per cell, from its <c>elites.csv</c>: the cell's bins or labels, the
/// quality, the text (always encoded: model outputs can hold markup) and its lineage (the step
/// and operator that made it, and its parents).
/// </summary>
internal static class TextElites
{
    /// <summary>The table of the elites in <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not an elites table.</exception>
    public static string Html(string path)
    {
        if (!File.Exists(path)) return "<p class=\"note\">No elites yet: they are written at the search's checkpoints.</p>";
        using var reader = new StreamReader(path);
        int line = 0;
        var header = CsvText.ReadRecord(reader, ref line) ?? throw new InvalidDataException($"{path} is empty.");
        int quality = header.IndexOf("quality"), text = header.IndexOf("text"), step = header.IndexOf("step"),
            op = header.IndexOf("operator"), parents = header.IndexOf("parent_ids"), id = header.IndexOf("id");
        if (header.Count == 0 || header[0] != "cell" || quality < 1 || text < 0 || step < 0 || op < 0 || parents < 0 || id < 0)
            throw new InvalidDataException($"{path} is not an elites table (its header lacks cell, quality, id, step, operator, parent_ids or text).");
        var html = new StringBuilder("<table class=\"elites\"><thead><tr><th>cell</th>");
        for (int i = 1; i < quality; i++) html.Append(CultureInfo.InvariantCulture, $"<th>{Encode(header[i])}</th>");
        html.Append("<th>quality</th><th>text</th><th>lineage</th></tr></thead><tbody>");
        int rows = 0;
        while (CsvText.ReadRecord(reader, ref line) is { } row)
        {
            if (row.Count != header.Count) throw new InvalidDataException($"{path}, line {line}: {row.Count} fields, the header has {header.Count}.");
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(row[0])}</td>");
            for (int i = 1; i < quality; i++) html.Append(CultureInfo.InvariantCulture, $"<td>{Encode(row[i])}</td>");
            string parentList = row[parents].Length == 0 ? "none" : row[parents].Replace(";", ", ", StringComparison.Ordinal);
            html.Append(CultureInfo.InvariantCulture,
                $"<td>{Encode(row[quality])}</td><td class=\"text\">{Encode(row[text])}</td><td>#{Encode(row[id])}: step {Encode(row[step])}, {Encode(row[op])}, parents {Encode(parentList)}</td></tr>");
            rows++;
        }
        if (rows == 0) return "<p class=\"note\">No elite yet.</p>";
        return html.Append("</tbody></table>").ToString();
    }
}
