using System.Globalization;
using System.Text;

namespace QualityDiversity.Text.Embeddings;

/// <summary>
/// Prepares text the way Hugging Face's uncased BERT "basic tokenizer" does, before it reaches
/// the SentenceTransformers package's own simpler tokenizer. That tokenizer splits words only at
/// spaces and "\r\n", so a newline or tab glues two words into one unknown token; it splits only
/// ASCII punctuation; and it keeps accents, which the uncased vocabulary does not have
/// ("café" and "cafe" come out with cosine 0.45). Here, as in the reference tokenizer, text is
/// lower-cased (culture-invariant), accents are stripped (NFD, non-spacing marks removed),
/// control and format characters are dropped, every run of whitespace becomes one space, and
/// every punctuation character and CJK ideograph is set apart by spaces. For plain ASCII prose
/// with single spaces the package's tokens are unchanged.
/// </summary>
internal static class BertTextNormalizer
{
    /// <summary>The prepared text: trimmed, tokens separated by single spaces.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length + 8);
        bool space = false;
        foreach (var rune in decomposed.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                space = true;
                continue;
            }
            var category = Rune.GetUnicodeCategory(rune);
            if (rune.Value == 0xFFFD || category is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.NonSpacingMark)
                continue;
            bool alone = IsPunctuation(rune, category) || IsCjkIdeograph(rune.Value);
            if (sb.Length > 0 && (space || alone)) sb.Append(' ');
            sb.Append(rune.ToString());
            space = alone;
        }
        return sb.ToString();
    }

    // As in the reference tokenizer: all non-alphanumeric ASCII symbols count as punctuation,
    // and elsewhere the Unicode punctuation categories.
    private static bool IsPunctuation(Rune rune, UnicodeCategory category)
    {
        int c = rune.Value;
        if (c is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126) return true;
        return category is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
            or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OtherPunctuation;
    }

    // The CJK Unified Ideographs blocks the reference tokenizer splits character by character.
    private static bool IsCjkIdeograph(int c) =>
        c is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF
            or >= 0x2A700 and <= 0x2B73F or >= 0x2B740 and <= 0x2B81F or >= 0x2B820 and <= 0x2CEAF
            or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;
}
