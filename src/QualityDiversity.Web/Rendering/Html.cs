using System.Text.Encodings.Web;

namespace QualityDiversity.Web.Rendering;

/// <summary>The one place text enters HTML: everything shown is encoded here.</summary>
internal static class Html
{
    /// <summary><paramref name="text"/> encoded for an HTML text node or a quoted attribute value.</summary>
    public static string Encode(string? text) => text is null ? string.Empty : HtmlEncoder.Default.Encode(text);
}
