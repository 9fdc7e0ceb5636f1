using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace QualityDiversity.Llm.Judging;

/// <summary>Robust reading of short model answers: numbers, JSON fields and labels.</summary>
public static partial class AnswerParsing
{
    [GeneratedRegex(@"-?\d+(?:\.\d+)?")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"\{[^{}]*\}", RegexOptions.Singleline)]
    private static partial Regex JsonObjectPattern();

    /// <summary>The first number in <paramref name="answer"/> (e.g. "Rating: 7/10" gives 7), if any.</summary>
    public static bool TryFirstNumber(string answer, out double value)
    {
        value = double.NaN;
        if (string.IsNullOrEmpty(answer)) return false;
        var match = NumberPattern().Match(answer);
        return match.Success && double.TryParse(match.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// The value of <paramref name="field"/> in the first JSON object found in the answer (models
    /// often wrap JSON in prose or code fences). Numbers and strings are returned as text.
    /// </summary>
    public static bool TryJsonField(string answer, string field, out string value)
    {
        value = "";
        if (string.IsNullOrEmpty(answer)) return false;
        foreach (Match match in JsonObjectPattern().Matches(answer))
        {
            try
            {
                using var doc = JsonDocument.Parse(match.Value);
                foreach (var property in doc.RootElement.EnumerateObject())
                {
                    if (!string.Equals(property.Name, field, StringComparison.OrdinalIgnoreCase)) continue;
                    value = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString() ?? "",
                        JsonValueKind.Number => property.Value.GetRawText(),
                        _ => property.Value.GetRawText(),
                    };
                    return true;
                }
            }
            catch (JsonException)
            {
                // Not JSON after all; try the next brace group.
            }
        }
        return false;
    }

    /// <summary>
    /// The one label of <paramref name="labels"/> named in the answer: an exact match after
    /// trimming punctuation and case, else the only label that occurs as a whole word.
    /// Returns -1 when none or several occur.
    /// </summary>
    public static int FindLabel(string answer, IReadOnlyList<string> labels)
    {
        if (string.IsNullOrWhiteSpace(answer)) return -1;
        string cleaned = Normalize(answer);
        for (int i = 0; i < labels.Count; i++)
            if (cleaned == Normalize(labels[i])) return i;
        int found = -1;
        for (int i = 0; i < labels.Count; i++)
        {
            if (!Regex.IsMatch(cleaned, $@"(^|[^a-z0-9]){Regex.Escape(Normalize(labels[i]))}($|[^a-z0-9])")) continue;
            if (found >= 0) return -1;
            found = i;
        }
        return found;
    }

    /// <summary>Lower case, trimmed of whitespace, quotes and punctuation at the ends.</summary>
    public static string Normalize(string text) =>
        text.Trim().Trim('"', '\'', '.', '!', ',', ':', ';', '*', '`', ' ', '\n', '\t').ToLowerInvariant();
}
