using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Tests.Support;

namespace QualityDiversity.Experiments.Tests;

public sealed class RunComparisonTests
{
    private static SearchConfig Sphere(long seed, int bins = 10) => new()
    {
        Name = "sphere",
        Seed = seed,
        Iterations = 10,
        CheckpointEvery = 10,
        Task = new TaskConfig("lp-sphere", 10),
        Archive = new GridArchiveConfig { Dims = [bins, bins] },
        Emitters = [new GaussianEmitterConfig { Sigma = [0.5], BatchSize = 20, X0 = new double[10] }],
    };

    private static async Task<RunDirectory> Run(Scratch scratch, string name, SearchConfig config)
    {
        using (var run = Experiment.Start(config, scratch.File(name)))
            await run.RunAsync();
        return Experiment.Open(scratch.File(name));
    }

    [Fact]
    public async Task Two_runs_of_the_same_cells_compare_cell_by_cell()
    {
        using var scratch = new Scratch();
        var first = await Run(scratch, "a", Sphere(1));
        var second = await Run(scratch, "b", Sphere(2));

        var comparison = first.CompareArchive(second);

        var a = first.ReadArchive().Rows.ToDictionary(r => r.Index, r => r.Objective);
        var b = second.ReadArchive().Rows.ToDictionary(r => r.Index, r => r.Objective);
        Assert.Equal(100, comparison.Cells);
        Assert.Equal(a.Keys.Intersect(b.Keys).Order(), comparison.Both);
        Assert.Equal(a.Keys.Except(b.Keys).Order(), comparison.OnlyFirst);
        Assert.Equal(b.Keys.Except(a.Keys).Order(), comparison.OnlySecond);
        Assert.Equal(comparison.Both.Count(c => a[c] > b[c]), comparison.FirstBetter);
        Assert.NotEmpty(comparison.Both);
        Assert.NotEmpty(comparison.OnlyFirst.Concat(comparison.OnlySecond));

        var other = await Run(scratch, "c", Sphere(1, bins: 12));
        var error = Assert.Throws<ExperimentException>(() => first.CompareArchive(other));
        Assert.Equal("other", error.Parameter);
        Assert.Contains("different cells", error.Message);
    }
}
