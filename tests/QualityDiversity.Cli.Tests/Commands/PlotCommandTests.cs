using QualityDiversity.Cli.Tests.Support;

namespace QualityDiversity.Cli.Tests.Commands;

public sealed class PlotCommandTests
{
    [Theory]
    [MemberData(nameof(Configs.Archives), MemberType = typeof(Configs))]
    public void PlotRedrawsPngAndSvgFromARunDirectory(string archive)
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("c.json", Configs.SmallArm(iterations: 8, archive: archive));
        string run = dir.File("run");
        Assert.Equal(0, Qd.Run("run", config, "--out", run).ExitCode);
        File.Delete(Path.Combine(run, "heatmap.png"));
        File.Delete(Path.Combine(run, "metrics.png"));

        var plot = Qd.Run("plot", run, "--svg");
        Assert.True(plot.ExitCode == 0, plot.Err);
        Assert.True(RunFiles.IsPng(Path.Combine(run, "heatmap.png")));
        Assert.True(RunFiles.IsPng(Path.Combine(run, "metrics.png")));
        Assert.True(RunFiles.IsSvg(Path.Combine(run, "heatmap.svg")));
        Assert.True(RunFiles.IsSvg(Path.Combine(run, "metrics.svg")));
        Assert.Contains("heatmap.svg", plot.Out);
    }

    [Fact]
    public void PlotWorksOnARunningSearchAfterItsFirstCheckpoint()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("c.json", Configs.SmallArm(iterations: 30, checkpointEvery: 10));
        string run = dir.File("run");
        CliResult? midway = null;
        Qd.Run(["run", config, "--out", run], r =>
        {
            if (r.Iteration == 15) midway = Qd.Run("plot", run);
        });
        Assert.NotNull(midway);
        Assert.True(midway.ExitCode == 0, midway.Err);
    }

    [Fact]
    public void PlotDrawsCategoricalArchivesAsLabelGrids()
    {
        using var dir = new TempDirectory();
        string run = Directory.CreateDirectory(dir.File("categorical")).FullName;
        File.WriteAllText(Path.Combine(run, "config.json"), """
            {
              "name": "labels",
              "task": { "name": "arm", "dim": 2 },
              "archive": { "type": "categorical", "labels": [["calm", "tense", "wild"], ["red", "blue"]] },
              "emitters": [ { "type": "gaussian", "sigma": 0.1 } ]
            }
            """);
        File.WriteAllText(Path.Combine(run, "archive.csv"),
            "index,objective,measure_0,measure_1,solution_0,solution_1\n0,1.5,0,0,0.1,0.2\n3,2.5,1,1,0.3,0.4\n4,-1,2,0,0.5,0.6\n");
        var plot = Qd.Run("plot", run);
        Assert.True(plot.ExitCode == 0, plot.Err);
        Assert.True(RunFiles.IsPng(Path.Combine(run, "heatmap.png")));
        Assert.False(File.Exists(Path.Combine(run, "metrics.png"))); // no metrics.csv
    }

    [Fact]
    public void PlotErrors()
    {
        using var dir = new TempDirectory();
        var missing = Qd.Run("plot", dir.File("nope"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("not found", missing.Err);
        var noConfig = Qd.Run("plot", dir.Path);
        Assert.Equal(2, noConfig.ExitCode);
        Assert.Contains("no config.json", noConfig.Err);
    }

    [Fact]
    public void PlotOptionsRedrawTheArchiveFigureAndErrorsNameTheOption()
    {
        using var dir = new TempDirectory();
        string config = dir.WriteFile("c.json", Configs.SmallArm(iterations: 6));
        string run = dir.File("run");
        Assert.Equal(0, Qd.Run("run", config, "--out", run).ExitCode);
        string heatmap = Path.Combine(run, "heatmap.png");
        byte[] before = File.ReadAllBytes(heatmap);

        var plot = Qd.Run("plot", run, "--colormap", "Plasma", "--vmin", "-50", "--vmax", "100", "--measure-names", "x (links), y (links)",
            "--title", "my arm", "--borders", "on");
        Assert.True(plot.ExitCode == 0, plot.Err);
        Assert.True(RunFiles.IsPng(heatmap));
        Assert.NotEqual(before, File.ReadAllBytes(heatmap));

        (string[] Args, string Option)[] bad =
        [
            (["--colormap", "rainbow"], "--colormap: 'rainbow' is not a colormap; use one of viridis"),
            (["--vmin", "5", "--vmax", "1"], "--vmin (5) must be below --vmax (1)"),
            (["--measure-names", "x,y,z"], "--measure-names: MeasureNames has 3 names but the archive has 2 measures"),
            (["--measure-names", "x,,y"], "--measure-names: name 2 of \"x,,y\" is empty"),
            (["--borders", "thick"], "--borders: 'thick' is not one of auto, on, off"),
            (["--title", " "], "--title: the title is empty"),
        ];
        foreach (var (args, message) in bad)
        {
            var result = Qd.Run(["plot", run, .. args]);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains(message, result.Err);
        }
    }
}
