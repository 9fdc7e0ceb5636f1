namespace QualityDiversity.Experiments.Tests.Support;

/// <summary>A fresh directory under the system temp folder, deleted on dispose; and the repository's examples.</summary>
public sealed class Scratch : IDisposable
{
    public Scratch()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "qd-experiments-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Path of a shipped example configuration.</summary>
    public static string Example(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "QualityDiversity.sln"))) return System.IO.Path.Combine(dir.FullName, "examples", name);
        throw new InvalidOperationException($"No QualityDiversity.sln above {AppContext.BaseDirectory}.");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
