using QualityDiversity.Experiments.Output;
using QualityDiversity.Experiments;
using System.Globalization;
using QualityDiversity.Runs;

namespace QualityDiversity.Cli.Progress;

/// <summary>
/// Progress for redirected output (CI logs, pipes): one plain line at about every 10% of the run
/// and at the last iteration.
/// </summary>
internal sealed class PlainProgressDisplay : IProgressDisplay
{
    private readonly TextWriter _out;

    /// <summary>Writes progress lines to <paramref name="output"/>.</summary>
    public PlainProgressDisplay(TextWriter output) => _out = output;

    /// <inheritdoc />
    public Task RunAsync(int startIteration, int totalIterations, Func<IProgressSink, Task> body) =>
        body(new Sink(_out, totalIterations));

    private sealed class Sink(TextWriter output, int total) : IProgressSink
    {
        private readonly int _step = Math.Max(1, (int)Math.Ceiling(total / 10.0));

        public void Report(in IterationReport report)
        {
            if (report.Iteration % _step != 0 && report.Iteration != report.TotalIterations) return;
            double percent = 100.0 * report.Iteration / Math.Max(1, report.TotalIterations);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{percent,3:0}%] {ProgressText.Summary(report)}"));
            output.Flush();
        }

        public void Note(string message)
        {
            output.WriteLine(message);
            output.Flush();
        }
    }
}
