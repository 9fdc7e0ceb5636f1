using System.Globalization;

namespace QualityDiversity.Cli.Output;

/// <summary>The files of one search's output directory.</summary>
internal sealed class RunDirectory
{
    /// <summary>Folder that holds default output directories, relative to the working directory.</summary>
    public const string DefaultParent = "runs";

    /// <summary>Wraps the directory at <paramref name="path"/> (which need not exist yet).</summary>
    public RunDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
    }

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <summary>The fully resolved configuration, <c>config.json</c>.</summary>
    public string ConfigPath => File("config.json");

    /// <summary>One row of metrics per logged iteration, <c>metrics.csv</c>.</summary>
    public string MetricsPath => File("metrics.csv");

    /// <summary>The reported archive, <c>archive.csv</c>.</summary>
    public string ArchivePath => File("archive.csv");

    /// <summary>The search state, <c>checkpoint.bin</c>.</summary>
    public string CheckpointPath => File("checkpoint.bin");

    /// <summary>Whether the directory already holds a search (a config or a checkpoint).</summary>
    public bool HoldsRun => System.IO.File.Exists(ConfigPath) || System.IO.File.Exists(CheckpointPath);

    /// <summary>The path of file <paramref name="name"/> in the directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>
    /// A fresh default directory <c>runs/&lt;name&gt;-&lt;yyyyMMdd-HHmmss&gt;</c>, with a numeric
    /// suffix when that name is taken.
    /// </summary>
    public static RunDirectory CreateDefault(string name, DateTime now)
    {
        string stem = System.IO.Path.Combine(DefaultParent, $"{name}-{now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
        string path = stem;
        for (int i = 2; Directory.Exists(path) || System.IO.File.Exists(path); i++) path = $"{stem}-{i}";
        return new RunDirectory(path);
    }
}
