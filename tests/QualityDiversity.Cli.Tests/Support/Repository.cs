namespace QualityDiversity.Cli.Tests.Support;

/// <summary>Locates files of the repository the tests were built from.</summary>
public static class Repository
{
    /// <summary>The repository root (the folder holding QualityDiversity.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The shipped example configurations.</summary>
    public static string ExamplesDirectory => Path.Combine(Root, "examples");

    /// <summary>Path of a shipped example.</summary>
    public static string Example(string name) => Path.Combine(ExamplesDirectory, name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "QualityDiversity.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No QualityDiversity.sln above {AppContext.BaseDirectory}.");
    }
}
