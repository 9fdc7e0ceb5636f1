using QualityDiversity.Testing;
using Xunit.Abstractions;

namespace QualityDiversity.Notebooks.Tests;

/// <summary>
/// Runs each notebook under notebooks/ from top to bottom, as `dotnet tool run dotnet-repl --run NAME
/// --exit-after-run` does for a user, and requires no cell error and a real image from every cell
/// that draws a figure.
/// </summary>
public sealed class NotebookTests(NotebookEnvironment environment, ITestOutputHelper output) : IClassFixture<NotebookEnvironment>
{
    // A kernel that hangs must not hang the suite; a whole notebook takes well under a minute here.
    private static readonly TimeSpan NotebookTimeout = TimeSpan.FromMinutes(10);

    // Smallest figure worth the name: the notebooks draw 640 x 420 pixels and up.
    private const int MinimumSide = 300;

    public static TheoryData<string> Notebooks() => new(NotebookEnvironment.Notebooks());

    [Fact]
    public void The_tutorials_are_all_there()
    {
        string[] expected =
        [
            "quickstart.ipynb", "cma-mae-vs-map-elites.ipynb", "your-own-evaluator-and-genome.ipynb", "qdhf.ipynb",
            "text-search.ipynb", "explore-a-run.ipynb", "explore-a-text-run.ipynb",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), NotebookEnvironment.Notebooks());
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_runs_without_errors_and_draws_its_figures(string notebook)
    {
        string executed = Path.Combine(environment.Scratch, "executed", notebook);
        Directory.CreateDirectory(Path.GetDirectoryName(executed)!);
        var result = ChildProcess.Run(environment.NotebooksDirectory, NotebookTimeout, environment.Variables,
            "tool", "run", "dotnet-repl", "--run", notebook, "--exit-after-run", "--output-path", executed);
        Assert.True(File.Exists(executed), $"{notebook}: no executed notebook was written (exit code {result.ExitCode}). Output:\n{result.Output}");

        var outcome = ExecutedNotebook.Read(executed);
        Assert.True(outcome.Errors.Count == 0, $"{notebook}: {outcome.Errors.Count} cell error(s):\n{string.Join('\n', outcome.Errors)}");
        Assert.Equal(0, result.ExitCode);
        Assert.NotEmpty(outcome.FigureCells);
        foreach (var cell in outcome.FigureCells)
        {
            Assert.True(cell.Images.Count > 0, $"{notebook}: cell {cell.Number} draws a figure but displayed no PNG image.");
            Assert.All(cell.Images, size => Assert.True(size.Width >= MinimumSide && size.Height >= MinimumSide,
                $"{notebook}: cell {cell.Number} displayed a {size.Width} x {size.Height} image."));
        }
        output.WriteLine($"{notebook}: {outcome.FigureCells.Sum(c => c.Images.Count)} figures in {outcome.FigureCells.Count} cells");
    }
}
