using System.Globalization;
using System.Text;
using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Web.Rendering;

/// <summary>
/// A plain vector as a bar glyph: one bar per value, up for positive and down for negative,
/// scaled by the largest magnitude. The solution is drawn when there is one, else the features.
/// </summary>
internal sealed class VectorGlyph : IItemRenderer
{
    private const double Height = 120, BarWidth = 12, Gap = 2;

    /// <inheritdoc />
    public string Render(JudgedItem item)
    {
        double[] values = item.Solution ?? item.Features;
        double max = values.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        if (max == 0) max = 1;
        double width = Math.Max(1, values.Length) * (BarWidth + Gap);
        var text = CultureInfo.InvariantCulture;
        var svg = new StringBuilder();
        svg.Append(text, $"<svg class=\"glyph\" viewBox=\"0 0 {width} {Height}\" width=\"{width}\" height=\"{Height}\" role=\"img\" aria-label=\"vector of {values.Length} values\">");
        svg.Append(text, $"<line x1=\"0\" y1=\"{Height / 2}\" x2=\"{width}\" y2=\"{Height / 2}\" stroke=\"#999\"/>");
        for (int i = 0; i < values.Length; i++)
        {
            double v = double.IsFinite(values[i]) ? values[i] / max : 0;
            double h = Math.Abs(v) * (Height / 2 - 2);
            double top = v >= 0 ? Height / 2 - h : Height / 2;
            svg.Append(text, $"<rect x=\"{i * (BarWidth + Gap):0.##}\" y=\"{top:0.##}\" width=\"{BarWidth}\" height=\"{h:0.##}\" fill=\"{(v >= 0 ? "#369" : "#c63")}\"/>");
        }
        return svg.Append("</svg>").ToString();
    }
}
