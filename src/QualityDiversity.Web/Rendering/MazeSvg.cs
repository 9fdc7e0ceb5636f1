using System.Globalization;
using System.Text;
using QualityDiversity.Domains.Maze;
using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Web.Rendering;

/// <summary>
/// A maze robot's trajectory over the maze walls as inline SVG: the walls, the goal, the path
/// through the positions the candidate's features hold (x₁, y₁, x₂, y₂, … in the unit square)
/// from the start (a ring) to the final position (a dot). Candidates whose features are not such
/// a path fall back to <see cref="VectorGlyph"/>.
/// </summary>
internal sealed class MazeSvg : IItemRenderer
{
    private const double Size = 220, Pad = 6;
    private readonly MazeLayout _layout;
    private readonly int _steps;
    private readonly string _walls;
    private readonly VectorGlyph _fallback = new();

    /// <summary>Creates the renderer for <paramref name="task"/>'s maze and rollout length.</summary>
    public MazeSvg(MazeTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        _layout = task.Layout;
        _steps = task.Steps;
        var walls = new StringBuilder();
        foreach (var wall in _layout.Walls)
            walls.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(wall.X1):0.##}\" y1=\"{Y(wall.Y1):0.##}\" x2=\"{X(wall.X2):0.##}\" y2=\"{Y(wall.Y2):0.##}\"/>");
        _walls = walls.ToString();
    }

    /// <inheritdoc />
    public string Render(JudgedItem item)
    {
        double[] f = item.Features;
        if (f.Length != 2 * _steps || !f.All(double.IsFinite)) return _fallback.Render(item);
        var path = new StringBuilder();
        for (int s = 0; s < _steps; s++)
            path.Append(CultureInfo.InvariantCulture, $"{(s > 0 ? " " : "")}{X(f[2 * s]):0.#},{Y(f[2 * s + 1]):0.#}");
        var text = CultureInfo.InvariantCulture;
        double r = _layout.GoalRadius * (Size - 2 * Pad);
        return string.Create(text,
            $"<svg class=\"maze\" viewBox=\"0 0 {Size} {Size}\" width=\"{Size}\" height=\"{Size}\" role=\"img\" aria-label=\"maze trajectory\">" +
            $"<circle cx=\"{X(_layout.GoalX):0.##}\" cy=\"{Y(_layout.GoalY):0.##}\" r=\"{r:0.##}\" fill=\"#cfc\" stroke=\"#393\"/>" +
            $"<g stroke=\"#333\" stroke-width=\"2.5\" stroke-linecap=\"round\">{_walls}</g>" +
            $"<polyline points=\"{path}\" fill=\"none\" stroke=\"#246\" stroke-width=\"1.5\" stroke-linejoin=\"round\"/>" +
            $"<circle cx=\"{X(f[0]):0.##}\" cy=\"{Y(f[1]):0.##}\" r=\"4\" fill=\"none\" stroke=\"#246\" stroke-width=\"1.5\"/>" +
            $"<circle cx=\"{X(f[^2]):0.##}\" cy=\"{Y(f[^1]):0.##}\" r=\"4.5\" fill=\"#c33\"/></svg>");
    }

    // The maze is the unit square; SVG's y axis points down, so flip it to show the maze as computed.
    private static double X(double x) => Pad + x * (Size - 2 * Pad);

    private static double Y(double y) => Size - Pad - y * (Size - 2 * Pad);
}
