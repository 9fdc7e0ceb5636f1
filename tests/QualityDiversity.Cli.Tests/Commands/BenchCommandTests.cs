using System.Text.Json;
using QualityDiversity.Experiments.Algorithms;
using QualityDiversity.Cli.Tests.Support;

namespace QualityDiversity.Cli.Tests.Commands;

/// <summary><c>qd bench</c>: a named algorithm's standard configuration, timed, with a final JSON line.</summary>
public sealed class BenchCommandTests
{
    private static readonly string[] Keys = ["algorithm", "task", "dim", "iterations", "evaluations", "wall_seconds", "qd_score", "norm_qd_score", "coverage"];

    private static JsonElement LastJsonLine(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.Err);
        string last = result.Out.TrimEnd().Split('\n')[^1];
        using var document = JsonDocument.Parse(last);
        var root = document.RootElement.Clone();
        Assert.Equal(Keys, root.EnumerateObject().Select(p => p.Name));
        return root;
    }

    public static TheoryData<string> Algorithms() => new(AlgorithmCatalog.Names);

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void EveryAlgorithmRunsAndReportsConsistentJson(string algorithm)
    {
        var json = LastJsonLine(Qd.Run("bench", "lp-sphere", "--algorithm", algorithm, "--dim", "10", "--iterations", "3", "--json"));
        Assert.Equal(algorithm, json.GetProperty("algorithm").GetString());
        Assert.Equal("lp-sphere", json.GetProperty("task").GetString());
        Assert.Equal(10, json.GetProperty("dim").GetInt32());
        Assert.Equal(3, json.GetProperty("iterations").GetInt32());
        Assert.Equal(3 * 540, json.GetProperty("evaluations").GetInt64()); // 540 per iteration, whichever the emitters
        Assert.True(json.GetProperty("wall_seconds").GetDouble() > 0);
        double qd = json.GetProperty("qd_score").GetDouble(), norm = json.GetProperty("norm_qd_score").GetDouble(), coverage = json.GetProperty("coverage").GetDouble();
        Assert.True(qd > 0);
        Assert.Equal(qd / 10_000, norm, 9); // 100 x 100 cells, offset 0
        Assert.InRange(coverage, 1e-4, 1.0);
        Assert.True(norm <= 100 * coverage + 1e-9); // objectives are at most 100
    }

    [Fact]
    public void SameSeedSameResultAndTheProfileComesBeforeTheJson()
    {
        string[] args = ["bench", "arm", "-a", "cma-me", "--dim", "8", "-n", "4", "--seed", "5", "--json"];
        var plain = LastJsonLine(Qd.Run(args));
        var profiled = Qd.Run([.. args, "--profile", "--sequential-emitters"]);
        var again = LastJsonLine(profiled);
        Assert.Equal(plain.GetProperty("qd_score").GetDouble(), again.GetProperty("qd_score").GetDouble());
        Assert.Equal(plain.GetProperty("coverage").GetDouble(), again.GetProperty("coverage").GetDouble());
        Assert.Equal("arm", again.GetProperty("task").GetString());
        Assert.Equal("cma-me-imp", again.GetProperty("algorithm").GetString());
        Assert.Contains("Profile:", profiled.Out);
        Assert.Contains("evaluate", profiled.Out);
        // The warm-up cost is reported (in this test process the loop may already be compiled).
        Assert.Matches(@"JIT compiled [\d,]+ methods in \d+\.\d ms during the loop \(summed over threads", profiled.Out);
    }

    [Fact]
    public void WithoutJsonItPrintsASummary()
    {
        var result = Qd.Run("bench", "sphere", "--algorithm", "map-elites", "--dim", "4", "-n", "2");
        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Contains("map-elites on lp-sphere (dim 4)", result.Out);
        Assert.Contains("2 iterations, 1,080 evaluations", result.Out);
        Assert.Contains("ms per iteration", result.Out);
        Assert.Contains("of 10,000 cells", result.Out);
        Assert.DoesNotContain("{", result.Out);
    }

    [Theory]
    [InlineData(new[] { "bench", "pendulum", "--algorithm", "map-elites" }, "TASK", "unknown task 'pendulum'", "lp-sphere, lp-rastrigin, arm")]
    [InlineData(new[] { "bench", "arm", "--algorithm", "cma-nope" }, "--algorithm", "unknown algorithm 'cma-nope'", "cma-mae")]
    [InlineData(new[] { "bench", "arm" }, "--algorithm", "is required", "map-elites")]
    [InlineData(new[] { "bench", "arm", "-a", "map-elites", "--dim", "0" }, "--dim", "at least 1")]
    [InlineData(new[] { "bench", "arm", "-a", "map-elites", "--iterations", "0" }, "--iterations", "at least 1")]
    [InlineData(new[] { "bench", "arm", "-a", "map-elites", "--iterations", "lots" }, "--iterations", "lots")]
    [InlineData(new[] { "bench" }, "TASK", "missing")]
    public void BadArgumentsExitWithTwoAndNameTheOption(string[] args, string option, params string[] fragments)
    {
        var result = Qd.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Err);
        Assert.Contains(option, result.Err);
        foreach (string fragment in fragments) Assert.Contains(fragment, result.Err);
        Assert.DoesNotContain("Exception", result.Err);
        Assert.Equal("", result.Out);
    }
}
