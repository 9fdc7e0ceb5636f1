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

    /// <summary>At most 120 characters of a text, for messages.</summary>
    public static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";
}
