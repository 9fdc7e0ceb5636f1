using System.Globalization;
using static QualityDiversity.Web.Rendering.Html;

namespace QualityDiversity.Web.Dashboard;

/// <summary>
/// <c>qd report</c>'s page: the dashboard's sections as one self-contained HTML file (styles and
/// images inline, no script), whose content security policy forbids loading anything.
/// </summary>
internal static class ReportPage
{
    /// <summary>The page for the run <paramref name="title"/> with <paramref name="sections"/>, written at <paramref name="at"/>.</summary>
    public static string Render(string title, IReadOnlyList<ViewSection> sections, DateTimeOffset at) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Report · {{Encode(title)}}</title>
        <style>
        {{ViewHtml.Style}}
        </style>
        </head>
        <body>
        <h1>Report · {{Encode(title)}}</h1>
        <p class="note">Written {{at.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)}} from the run directory's files.</p>
        {{ViewHtml.Sections(sections)}}
        </body>
        </html>
        """;
}
