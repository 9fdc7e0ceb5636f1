using QualityDiversity.Experiments;
using QualityDiversity.Runs;

namespace QualityDiversity.Cli.Commands;

/// <summary>Runs an experiment under the progress display and prints its summary; returns the exit code.</summary>
internal static class RunPresenter
{
    /// <summary>Runs <paramref name="run"/> to its end or until the context is cancelled.</summary>
    public static async Task<int> RunAsync(CliContext context, ExperimentRun run)
    {
        // Nobody could answer: the judging page is served by `qd serve`, which runs the search itself.
        if (run.JudgingQueue is not null && !run.IsDone)
            throw new CliException($"people answer this run's judgments on the web (measures.judge.type \"web\"): start it with qd serve \"{run.Directory.Path}\"");
        RunOutcome? outcome = null;
        try
        {
            await context.CreateProgressDisplay().RunAsync(run.Completed, run.Total, async sink =>
            {
                outcome = await run.RunAsync(new HookedSink(sink, context.AfterIteration), context.Cancellation).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        catch (ExperimentException e) when (e.Kind == ExperimentErrorKind.Failure)
        {
            // The run stopped on a failure it keeps resumable (its last checkpoint is intact).
            throw new CliException($"{e.Message} Continue with: qd resume \"{run.Directory.Path}\"", ExitCodes.Failure);
        }
        var output = context.Out;
        for (int i = 0; i < outcome!.Summary.Count; i++)
        {
            output.WriteLine(outcome.Summary[i]);
            if (i == 0 && outcome.Interrupted) output.WriteLine($"Resume with: qd resume \"{run.Directory.Path}\"");
        }
        return outcome.Interrupted ? ExitCodes.Interrupted : ExitCodes.Success;
    }

    // The display's sink, plus the context's per-iteration hook.
    private sealed class HookedSink(IProgressSink inner, Action<IterationReport>? after) : IProgressSink
    {
        public void Report(in IterationReport report)
        {
            inner.Report(report);
            after?.Invoke(report);
        }

        public void Note(string message) => inner.Note(message);
    }
}
