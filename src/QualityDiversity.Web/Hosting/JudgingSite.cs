using QualityDiversity.Learning.Judges;
using QualityDiversity.Web.Raters;
using QualityDiversity.Web.Rendering;

namespace QualityDiversity.Web.Hosting;

/// <summary>What the judging pages serve: the queue people answer (null when no run asks), how candidates are drawn, the run's state and its raters.</summary>
internal sealed class JudgingSite : IDisposable
{
    /// <summary>Creates the site.</summary>
    /// <param name="title">The run's name, shown as the page title.</param>
    /// <param name="queue">The queue, or null.</param>
    /// <param name="renderer">Draws candidates.</param>
    /// <param name="run">The run searching in this process, or null.</param>
    /// <param name="raters">The raters and gold triplets; null for a book without gold that counts from zero.</param>
    /// <param name="rateLimit">How fast a rater may answer; null for <see cref="AnswerRateLimit.Default"/>.</param>
    /// <param name="directory">The run directory the dashboard shows, or null for no dashboard.</param>
    public JudgingSite(string title, JudgingQueue? queue, IItemRenderer renderer, ServedRun? run, RaterBook? raters = null, AnswerRateLimit? rateLimit = null,
        Experiments.RunDirectory? directory = null)
    {
        Directory = directory;
        Title = title;
        Queue = queue;
        Renderer = renderer;
        Run = run;
        Raters = raters ?? new RaterBook([], 10, [], []);
        Limiter = new AnswerRateLimiter(rateLimit ?? AnswerRateLimit.Default);
    }

    /// <summary>The run directory the dashboard shows, or null.</summary>
    public Experiments.RunDirectory? Directory { get; }

    /// <summary>The run's name.</summary>
    public string Title { get; }

    /// <summary>The queue, or null.</summary>
    public JudgingQueue? Queue { get; }

    /// <summary>Draws candidates.</summary>
    public IItemRenderer Renderer { get; }

    /// <summary>The run searching in this process, or null.</summary>
    public ServedRun? Run { get; }

    /// <summary>The raters, their gold answers and the gold triplets.</summary>
    public RaterBook Raters { get; }

    /// <summary>Per-rater answer limits.</summary>
    public AnswerRateLimiter Limiter { get; }

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

    /// <inheritdoc />
    public void Dispose() => Limiter.Dispose();
}
