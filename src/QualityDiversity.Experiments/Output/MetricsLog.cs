using System.Text;
using QualityDiversity.Runs;

namespace QualityDiversity.Experiments.Output;

/// <summary>
/// Appends a <c>metrics.csv</c> row every <c>metrics_every</c> iterations and at the last
/// iteration. Each row is flushed as it is written, so the file is complete up to any checkpoint.
/// </summary>
internal sealed class MetricsLog : ISearchObserver, IDisposable
{
    private readonly StreamWriter _writer;
    private readonly int _every;

    private MetricsLog(StreamWriter writer, int every)
    {
        _writer = writer;
        _every = every;
    }

    /// <summary>Opens <paramref name="path"/> for appending, writing the header when the file is new or empty.</summary>
    public static MetricsLog Open(string path, int every)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
        if (stream.Length == 0)
        {
            writer.Write(MetricsCsv.Header);
            writer.Write('\n');
            writer.Flush();
        }
        return new MetricsLog(writer, every);
    }

    /// <inheritdoc />
    public void OnIteration(in IterationReport report)
    {
        if (report.Iteration % _every != 0 && report.Iteration != report.TotalIterations) return;
        _writer.Write(MetricsCsv.FormatRow(report));
        _writer.Write('\n');
        _writer.Flush();
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();
}
