using System.Globalization;
using System.Text;

namespace QualityDiversity.Export;

/// <summary>
/// Minimal RFC 4180 CSV helpers: quoting of fields that need it, splitting of one record into
/// fields, and round-trip formatting of doubles in the invariant culture.
/// </summary>
public static class CsvText
{
    /// <summary>Formats <paramref name="value"/> so that parsing it gives back the same double ("R", invariant culture).</summary>
    public static string FormatDouble(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Parses a double written by <see cref="FormatDouble"/> (also accepts "NaN", "Infinity", "-Infinity").</summary>
    /// <returns>Whether <paramref name="text"/> is a number.</returns>
    public static bool TryParseDouble(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>
    /// Returns <paramref name="field"/> as it must appear in a CSV record: unchanged when it holds no
    /// comma, quote, carriage return, line feed or surrounding space; otherwise quoted, with quotes doubled.
    /// </summary>
    public static string Quote(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        bool needsQuotes = field.Length > 0 && (field[0] == ' ' || field[^1] == ' ');
        foreach (char c in field)
        {
            if (c is ',' or '"' or '\r' or '\n')
            {
                needsQuotes = true;
                break;
            }
        }
        return needsQuotes ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }

    /// <summary>
    /// Reads the next record from <paramref name="reader"/>, following quoted fields across line
    /// breaks. Returns null at the end of the input.
    /// </summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="lineNumber">1-based line number of the next unread line; advanced past the record.</param>
    /// <exception cref="InvalidDataException">A quoted field is not terminated or is followed by stray text.</exception>
    public static List<string>? ReadRecord(TextReader reader, ref int lineNumber)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string? line = reader.ReadLine();
        if (line is null) return null;
        int startLine = lineNumber++;
        var fields = new List<string>();
        var field = new StringBuilder();
        int i = 0;
        while (true)
        {
            field.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        string? next = reader.ReadLine();
                        if (next is null) throw new InvalidDataException($"Line {startLine}: a quoted field is not closed before the end of the file.");
                        lineNumber++;
                        field.Append('\n');
                        line = next;
                        i = 0;
                        continue;
                    }
                    char c = line[i++];
                    if (c != '"')
                    {
                        field.Append(c);
                        continue;
                    }
                    if (i < line.Length && line[i] == '"')
                    {
                        field.Append('"');
                        i++;
                        continue;
                    }
                    break; // closing quote
                }
                if (i < line.Length && line[i] != ',')
                    throw new InvalidDataException($"Line {lineNumber - 1}: unexpected character '{line[i]}' after a quoted field.");
            }
            else
            {
                int comma = line.IndexOf(',', i);
                int end = comma < 0 ? line.Length : comma;
                field.Append(line, i, end - i);
                i = end;
            }
            fields.Add(field.ToString());
            if (i >= line.Length) return fields;
            i++; // skip the comma
        }
    }
}
