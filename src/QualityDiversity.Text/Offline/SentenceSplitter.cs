using System.Text.RegularExpressions;

namespace QualityDiversity.Text.Offline;

/// <summary>Splits prose into sentences at ., ! or ? followed by whitespace (or at line breaks).</summary>
public static partial class SentenceSplitter
{
    [GeneratedRegex(@"(?<=[.!?…][""')\]]*)\s+|\n+")]
    private static partial Regex Boundary();

    /// <summary>The non-empty, trimmed sentences of <paramref name="text"/>.</summary>
    public static string[] Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Boundary().Split(text).Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
    }
}
