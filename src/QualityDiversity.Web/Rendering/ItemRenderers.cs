using QualityDiversity.Domains;

namespace QualityDiversity.Web.Rendering;

/// <summary>Picks how a task's candidates are drawn.</summary>
internal static class ItemRenderers
{
    /// <summary>Arm poses for the arm, trajectories over the walls for the maze, bar glyphs for other vectors, and text wherever a candidate has text.</summary>
    public static IItemRenderer For(IBenchmarkTask? task) => new TextItem(task switch
    {
        RoboticArmTask arm => new ArmSvg(arm.LinkLengths),
        Domains.Maze.MazeTask maze => new MazeSvg(maze),
        _ => new VectorGlyph(),
    });
}
