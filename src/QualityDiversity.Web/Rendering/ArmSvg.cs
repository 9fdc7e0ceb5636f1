using System.Globalization;
using System.Text;
using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Web.Rendering;

/// <summary>
/// A planar arm pose as inline SVG: the links from the base (a square) to the end effector (a
/// dot), joint angles taken from the candidate's solution and accumulated along the chain.
/// Candidates that are not arm poses (no solution, or another joint count) fall back to <see cref="VectorGlyph"/>.
/// </summary>
internal sealed class ArmSvg : IItemRenderer
{
    private const double Size = 220;
    private readonly double[] _links;
    private readonly double _reach;
    private readonly VectorGlyph _fallback = new();

    /// <summary>Creates the renderer for an arm with these link lengths, base first.</summary>
    public ArmSvg(IReadOnlyList<double> linkLengths)
    {
        ArgumentNullException.ThrowIfNull(linkLengths);
        if (linkLengths.Count == 0) throw new ArgumentException("An arm has at least one link.", nameof(linkLengths));
        _links = [.. linkLengths];
        _reach = _links.Sum();
    }

    /// <inheritdoc />
    public string Render(JudgedItem item)
    {
        if (item.Solution is not { } angles || angles.Length != _links.Length || !angles.All(double.IsFinite)) return _fallback.Render(item);
        // SVG's y axis points down: flip it so the pose looks as it is computed.
        double scale = (Size / 2 - 10) / _reach, centre = Size / 2;
        var points = new StringBuilder();
        double x = 0, y = 0, phi = 0;
        Append(points, centre, centre);
        for (int k = 0; k < _links.Length; k++)
        {
            phi += angles[k];
            x += _links[k] * Math.Cos(phi);
            y += _links[k] * Math.Sin(phi);
            Append(points, centre + scale * x, centre - scale * y);
        }
        var text = CultureInfo.InvariantCulture;
        return string.Create(text,
            $"<svg class=\"arm\" viewBox=\"0 0 {Size} {Size}\" width=\"{Size}\" height=\"{Size}\" role=\"img\" aria-label=\"arm pose\">" +
            $"<circle cx=\"{centre}\" cy=\"{centre}\" r=\"{scale * _reach:0.##}\" fill=\"none\" stroke=\"#ddd\"/>" +
            $"<polyline points=\"{points}\" fill=\"none\" stroke=\"#246\" stroke-width=\"3\" stroke-linejoin=\"round\"/>" +
            $"<rect x=\"{centre - 5}\" y=\"{centre - 5}\" width=\"10\" height=\"10\" fill=\"#444\"/>" +
            $"<circle cx=\"{centre + scale * x:0.##}\" cy=\"{centre - scale * y:0.##}\" r=\"6\" fill=\"#c33\"/></svg>");
    }

    private static void Append(StringBuilder points, double x, double y) =>
        points.Append(CultureInfo.InvariantCulture, $"{(points.Length > 0 ? " " : "")}{x:0.##},{y:0.##}");
}
