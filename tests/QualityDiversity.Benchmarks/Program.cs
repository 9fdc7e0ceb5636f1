using BenchmarkDotNet.Running;

namespace QualityDiversity.Benchmarks;

/// <summary>Entry point: BenchmarkDotNet's switcher, so <c>--filter</c>, <c>--job</c> and <c>--list</c> work.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
