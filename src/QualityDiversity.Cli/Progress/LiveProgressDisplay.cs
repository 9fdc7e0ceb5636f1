using QualityDiversity.Experiments.Output;
using QualityDiversity.Experiments;
using System.Diagnostics;
using System.Globalization;
using QualityDiversity.Runs;
using Spectre.Console;

namespace QualityDiversity.Cli.Progress;

/// <summary>An animated Spectre.Console progress bar for interactive terminals.</summary>
internal sealed class LiveProgressDisplay : IProgressDisplay
{
    private readonly IAnsiConsole _console;

    /// <summary>Draws on <paramref name="console"/>.</summary>
    public LiveProgressDisplay(IAnsiConsole console) => _console = console;

    /// <inheritdoc />
    public Task RunAsync(int startIteration, int totalIterations, Func<IProgressSink, Task> body) =>
        _console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new ElapsedTimeColumn(),
                new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Describe(startIteration, totalIterations, null), maxValue: totalIterations);
                task.Value = startIteration;
                await body(new Sink(task, _console)).ConfigureAwait(false);
                context.Refresh();
            });

    private static string Describe(int iteration, int total, IterationReport? report)
    {
        string width = total.ToString(CultureInfo.InvariantCulture);
        string head = string.Create(CultureInfo.InvariantCulture, $"it {iteration.ToString(CultureInfo.InvariantCulture).PadLeft(width.Length)}/{width}");
        if (report is not { } r) return Markup.Escape(head);
        var s = r.Statistics;
        return Markup.Escape(head) +
            $"  [grey]QD[/] {Markup.Escape(ProgressText.Number(s.QdScore)),10}" +
            $"  [grey]cov[/] {Markup.Escape(ProgressText.Percent(s.Coverage)),6}" +
            $"  [grey]evals/s[/] {Markup.Escape(ProgressText.Rate(r.EvaluationsPerSecond)),6}";
    }

    private sealed class Sink(ProgressTask task, IAnsiConsole console) : IProgressSink
    {
        private readonly Stopwatch _sinceUpdate = Stopwatch.StartNew();

        public void Report(in IterationReport report)
        {
            bool last = report.Iteration >= report.TotalIterations;
            if (!last && _sinceUpdate.ElapsedMilliseconds < 50) return;
            _sinceUpdate.Restart();
            task.Description = Describe(report.Iteration, report.TotalIterations, report);
            task.Value = report.Iteration;
        }

        // Spectre renders lines written during a live display above the bar.
        public void Note(string message) => console.MarkupLine(Markup.Escape(message));
    }
}
