namespace QualityDiversity.Testing;

/// <summary>Where the repository the tests run from lies.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding QualityDiversity.sln, found upwards from the test's output folder.</summary>
    /// <exception cref="InvalidOperationException">No such folder exists above the output folder.</exception>
    public static string Root
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
                if (File.Exists(Path.Combine(directory.FullName, "QualityDiversity.sln"))) return directory.FullName;
            throw new InvalidOperationException($"No QualityDiversity.sln above {AppContext.BaseDirectory}.");
        }
    }
}
