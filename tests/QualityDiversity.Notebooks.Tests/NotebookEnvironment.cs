using QualityDiversity.Testing;

namespace QualityDiversity.Notebooks.Tests;

/// <summary>
/// What the notebooks need, prepared once: the pinned notebook runner restored, and a finished vector
/// run and text run (made with the qd CLI, as a user would) for the notebooks that explore a run
/// directory. Everything the notebooks write goes under one temporary folder, removed at the end.
/// </summary>
public sealed class NotebookEnvironment : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(10);

    public NotebookEnvironment()
    {
        Root = RepositoryPaths.Root;
        NotebooksDirectory = Path.Combine(Root, "notebooks");
        string cli = Path.Combine(Root, "src", "QualityDiversity.Cli", "bin", "Release", "net10.0", "qd.dll");
        if (!File.Exists(cli))
            throw new InvalidOperationException($"{cli} is missing: the notebooks load the libraries from the CLI's Release build; run the tests with -c Release.");
        Scratch = Path.Combine(Path.GetTempPath(), $"qd-notebooks-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Scratch);
        ChildProcess.RunDotnet(Root, CommandTimeout, "tool", "restore");

        string vectorRun = Path.Combine(Scratch, "arm-map-elites");
        ChildProcess.RunDotnet(Root, CommandTimeout, cli, "run", Path.Combine("examples", "arm-map-elites.json"), "--out", vectorRun, "--iterations", "200");
        string textRun = Path.Combine(Scratch, "text-offline");
        ChildProcess.RunDotnet(Root, CommandTimeout, cli, "run", Path.Combine("examples", "text-offline.json"), "--out", textRun, "--iterations", "64");
        Variables = new Dictionary<string, string>
        {
            ["QD_RUN"] = vectorRun,
            ["QD_TEXT_RUN"] = textRun,
            ["QD_RUNS"] = Path.Combine(Scratch, "runs"),
        };
    }

    /// <summary>The repository.</summary>
    public string Root { get; }

    /// <summary>The notebooks folder, which is also the notebooks' working directory.</summary>
    public string NotebooksDirectory { get; }

    /// <summary>Temporary folder for runs and executed notebooks.</summary>
    public string Scratch { get; }

    /// <summary>Environment variables that point the notebooks at the prepared runs and the scratch folder.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; }

    /// <summary>Every notebook of the repository, by file name.</summary>
    public static IEnumerable<string> Notebooks() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "notebooks"), "*.ipynb").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public void Dispose()
    {
        try { Directory.Delete(Scratch, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
