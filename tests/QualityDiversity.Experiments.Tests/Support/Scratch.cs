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
    public static string Example(string name) => System.IO.Path.Combine(Repository(), "examples", name);

    /// <summary>Path of a file or folder under this project's Fixtures folder.</summary>
    public static string Fixture(string name) => System.IO.Path.Combine(Repository(), "tests", "QualityDiversity.Experiments.Tests", "Fixtures", name);

    /// <summary>Copies the folder <paramref name="source"/> (files only, one level) to <paramref name="name"/> in this directory.</summary>
    public string CopyFolder(string source, string name)
    {
        string target = File(name);
        Directory.CreateDirectory(target);
        foreach (string file in Directory.EnumerateFiles(source)) System.IO.File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        return target;
    }

    private static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "QualityDiversity.sln"))) return dir.FullName;
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
