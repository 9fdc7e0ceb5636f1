using System.Globalization;

namespace QualityDiversity.Plotting.Internal;

/// <summary>Composes the title that says what an archive figure shows.</summary>
internal static class FigureTitle
{
    /// <summary>
    /// "SUBJECT: N of M cells filled (P%), MEASURE SPACE, iteration I" for cell archives
    /// (<paramref name="cells"/> &gt; 0) and "SUBJECT: N elites, …" otherwise; <see cref="ArchiveFigureOptions.Title"/> wins.
    /// </summary>
    public static string Compose(ArchiveFigureOptions options, string kind, int elites, int cells)
    {
        if (options.Title is { } title) return title;
        var text = CultureInfo.InvariantCulture;
        string subject = options.Subject ?? kind;
        string content = cells > 0
            ? string.Create(text, $"{elites:N0} of {cells:N0} cells filled ({100.0 * elites / cells:0.#}%)")
            : string.Create(text, $"{elites:N0} elites");
        var parts = new List<string> { $"{subject}: {content}" };
        if (!string.IsNullOrWhiteSpace(options.MeasureSpace)) parts.Add(options.MeasureSpace!);
        if (options.Iteration is { } iteration) parts.Add(string.Create(text, $"iteration {iteration:N0}"));
        return string.Join(", ", parts);
    }
}
