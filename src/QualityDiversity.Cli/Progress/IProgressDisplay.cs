using QualityDiversity.Experiments;

namespace QualityDiversity.Cli.Progress;

/// <summary>Shows the progress of a search while <c>body</c> runs it.</summary>
internal interface IProgressDisplay
{
    /// <summary>Runs <paramref name="body"/>, which reports each iteration to the sink it is given.</summary>
    /// <param name="startIteration">Iterations already done (after a resume).</param>
    /// <param name="totalIterations">Iterations the run aims for.</param>
    /// <param name="body">The search loop.</param>
    Task RunAsync(int startIteration, int totalIterations, Func<IProgressSink, Task> body);
}
