namespace QualityDiversity.Llm.Variation;

/// <summary>Cleans generated texts.</summary>
public static class Completion
{
    /// <summary>
    /// The completion up to the first separator or repeated header (models often go on to
    /// write further examples), trimmed; a leading copy of the header is dropped.
    /// </summary>
    public static string CutAt(string completion, string separator, string? header = null)
    {
        string text = completion.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart();
        if (header is not null && text.StartsWith(header, StringComparison.Ordinal)) text = text[header.Length..];
        int cut = text.IndexOf(separator, StringComparison.Ordinal);
        if (cut >= 0) text = text[..cut];
        if (header is not null)
        {
            cut = text.IndexOf(header, StringComparison.Ordinal);
            if (cut >= 0) text = text[..cut];
        }
        return text.Trim();
    }

    /// <summary>
    /// QDAIF's reference cleaning: the completion up to the first occurrence of any stop
    /// sequence (a server may not have applied them all), trimmed, with a full stop appended when
    /// it does not end with one. Empty when nothing is left.
    /// </summary>
    public static string OneParagraph(string completion, IReadOnlyList<string> stops)
    {
        ArgumentNullException.ThrowIfNull(completion);
        ArgumentNullException.ThrowIfNull(stops);
        string text = completion.Replace("\r\n", "\n", StringComparison.Ordinal);
        int cut = text.Length;
        foreach (var stop in stops)
        {
            int at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && at < cut) cut = at;
        }
        text = text[..cut].Trim();
        if (text.Length > 0 && text[^1] != '.') text += ".";
        return text;
    }

    /// <summary>At most 120 characters of a text, for messages.</summary>
    public static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";
}
