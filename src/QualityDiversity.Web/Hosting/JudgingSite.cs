using QualityDiversity.Learning.Judges;
using QualityDiversity.Web.Rendering;

namespace QualityDiversity.Web.Hosting;

/// <summary>What the judging pages serve: the queue people answer (null when no run asks), how candidates are drawn, and the run's state.</summary>
/// <param name="Title">The run's name, shown as the page title.</param>
/// <param name="Queue">The queue, or null.</param>
/// <param name="Renderer">Draws candidates.</param>
/// <param name="Run">The run searching in this process, or null.</param>
internal sealed record JudgingSite(string Title, JudgingQueue? Queue, IItemRenderer Renderer, ServedRun? Run)
{
    /// <summary>What the run is doing now.</summary>
    public RunState State
    {
        get
        {
            if (Queue is null) return RunState.None;
            if (Run is { Completion.IsCompleted: true } || Queue.Progress.Stopped) return RunState.Ended;
            return Queue.Progress.Waiting > 0 ? RunState.Waiting : RunState.Running;
        }
    }
}
