namespace QualityDiversity.Text.Tests.Export;

/// <summary>A fresh directory under the temp folder, deleted on dispose.</summary>
public sealed class ExportTempDirectory : IDisposable
{
    public ExportTempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "qd-export-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Every file left in the directory tree (to check that no temporary files remain).</summary>
    public string[] AllFiles() => Directory.GetFiles(Path, "*", SearchOption.AllDirectories);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
