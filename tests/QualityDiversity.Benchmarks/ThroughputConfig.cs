using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace QualityDiversity.Benchmarks;

/// <summary>Adds BenchmarkDotNet's operations-per-second column: with <c>OperationsPerInvoke</c> set to the batch size, candidates (adds) per second.</summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig() => AddColumn(StatisticColumn.OperationsPerSecond);
}
