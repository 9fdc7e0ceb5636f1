using System.Globalization;
using System.Text.RegularExpressions;
using QualityDiversity.Domains.Maze;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Randomness;
using QualityDiversity.Web.Rendering;

namespace QualityDiversity.Web.Tests;

/// <summary>How the judging page draws candidates of the maze.</summary>
public sealed partial class RenderingTests
{
    [GeneratedRegex("<polyline points=\"([^\"]*)\"")]
    private static partial Regex Polyline();

    [Fact]
    public void A_maze_candidate_is_its_trajectory_over_the_walls()
    {
        var task = new MazeTask(MazeLayout.Standard, steps: 40);
        var genome = new double[task.SolutionDim];
        task.SampleInitial(new RandomSource(3), genome);
        var features = new double[task.FeatureDim];
        var measures = new double[task.MeasureDim];
        task.EvaluateOne(genome, measures, features);

        string svg = ItemRenderers.For(task).Render(new JudgedItem(features, genome));

        Assert.StartsWith("<svg class=\"maze\"", svg);
        Assert.Equal(task.Layout.Walls.Count, Regex.Count(svg, "<line "));
        string[] points = Polyline().Match(svg).Groups[1].Value.Split(' ');
        Assert.Equal(40, points.Length);
        // The last point is the final position, the measures: x to the right, y up (SVG's y flipped).
        double[] last = points[^1].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(6 + measures[0] * 208, last[0], 0.06);
        Assert.Equal(220 - 6 - measures[1] * 208, last[1], 0.06);
    }

    [Fact]
    public void A_maze_candidate_without_a_trajectory_is_a_glyph()
    {
        var task = new MazeTask(MazeLayout.Standard, steps: 40);
        string svg = ItemRenderers.For(task).Render(new JudgedItem([0.1, 0.2, 0.3]));
        Assert.StartsWith("<svg class=\"glyph\"", svg);
    }
}
