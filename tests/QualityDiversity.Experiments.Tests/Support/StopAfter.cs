using QualityDiversity.Runs;

namespace QualityDiversity.Experiments.Tests.Support;

/// <summary>A progress sink that cancels its token once <c>count</c> reports have arrived, and keeps what it saw.</summary>
public sealed class StopAfter(int count) : IProgressSink, IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    public CancellationToken Token => _stop.Token;

    public List<int> Iterations { get; } = [];

    public List<string> Notes { get; } = [];

    public void Report(in IterationReport report)
    {
        Iterations.Add(report.Iteration);
        if (Iterations.Count == count) _stop.Cancel();
    }

    public void Note(string message) => Notes.Add(message);

    public void Dispose() => _stop.Dispose();
}
