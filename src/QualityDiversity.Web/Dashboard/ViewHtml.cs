using System.Text;
using static QualityDiversity.Web.Rendering.Html;

namespace QualityDiversity.Web.Dashboard;

/// <summary>The look shared by the live dashboard and the report: the style sheet and the sections' markup.</summary>
internal static class ViewHtml
{
    /// <summary>The style sheet (inline: the pages load nothing from elsewhere).</summary>
    public const string Style = """
        body { font-family: system-ui, sans-serif; margin: 1.5rem auto; max-width: 70rem; color: #222; padding: 0 1rem; }
        h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
        img { max-width: 100%; height: auto; }
        table { border-collapse: collapse; margin: .5rem 0; } th, td { border: 1px solid #ddd; padding: .25rem .5rem; text-align: right; vertical-align: top; }
        th { background: #f4f4f4; } td.text { text-align: left; white-space: pre-wrap; max-width: 32rem; overflow-wrap: anywhere; }
        .note { color: #666; } #live { color: #555; font-size: .9rem; }
        """;

    /// <summary>The sections as <c>&lt;section id="s-ID"&gt;</c> elements.</summary>
    public static string Sections(IEnumerable<ViewSection> sections)
    {
        var html = new StringBuilder();
        foreach (var s in sections) html.Append(Section(s));
        return html.ToString();
    }

    /// <summary>One section.</summary>
    public static string Section(ViewSection s) =>
        $"<section id=\"s-{Encode(s.Id)}\"><h2>{Encode(s.Heading)}</h2><div class=\"body\">{s.Html}</div></section>";
}
