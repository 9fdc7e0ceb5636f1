using System.Globalization;
using System.Text;
using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Learning.Judges;

/// <summary>Renders a candidate as text for people and language models.</summary>
public static class JudgedItemText
{
    /// <summary>How many numbers of a vector <see cref="Compact"/> shows before eliding the rest.</summary>
    public const int MaxShownValues = 8;

    /// <summary>
    /// The item's <see cref="JudgedItem.Text"/> when it has one; otherwise its features (and
    /// solution, if any) as short invariant-culture numbers, for example
    /// <c>features [0.1, -2.5]; solution [1, 2, 3, 4, 5, 6, 7, 8, … 4 more]</c>.
    /// </summary>
    public static string Compact(JudgedItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Text is not null) return item.Text;
        var text = new StringBuilder();
        text.Append("features ");
        AppendVector(text, item.Features);
        if (item.Solution is not null)
        {
            text.Append("; solution ");
            AppendVector(text, item.Solution);
        }
        return text.ToString();
    }

    private static void AppendVector(StringBuilder text, double[] values)
    {
        text.Append('[');
        int shown = Math.Min(values.Length, MaxShownValues);
        for (int i = 0; i < shown; i++)
        {
            if (i > 0) text.Append(", ");
            text.Append(values[i].ToString("G4", CultureInfo.InvariantCulture));
        }
        if (values.Length > shown) text.Append(CultureInfo.InvariantCulture, $", … {values.Length - shown} more");
        text.Append(']');
    }
}
