using QualityDiversity.Experiments.Text;

namespace QualityDiversity.Experiments.Configuration;

/// <summary>
/// What one experiment runs: a <see cref="SearchConfig"/> (a vector search, with optional learned
/// measures) or a <see cref="TextRunConfig"/> (a text search, QDAIF or offline). Build one in code
/// or read the JSON the <c>qd</c> command reads; either way it is checked with the same errors,
/// which name the offending field (for example <c>emitters[0].sigma: must be non-negative</c>).
/// </summary>
public abstract record ExperimentConfig
{
    private protected ExperimentConfig()
    {
    }

    /// <summary>Name of the run, used for the default output directory.</summary>
    public required string Name { get; init; }

    /// <summary>Run seed; every random stream of the run derives from it.</summary>
    public long Seed { get; init; }

    /// <summary>Length of the run: iterations of a vector search, steps of a text search.</summary>
    public abstract int Length { get; }

    /// <summary>The same configuration with <see cref="Length"/> set to <paramref name="length"/>.</summary>
    /// <exception cref="ConfigException"><paramref name="length"/> is below 1.</exception>
    public abstract ExperimentConfig WithLength(int length);

    /// <summary>The configuration as the JSON a run directory's config.json holds, every key written.</summary>
    public abstract string ToJson();

    /// <summary>
    /// Checks the configuration as the JSON reader does and fills in defaults that come from the
    /// task (measure ranges, dimensions). Returns the configuration that runs.
    /// </summary>
    /// <exception cref="ConfigException">A field is invalid; the message names it.</exception>
    public abstract ExperimentConfig Validate();

    /// <summary>Reads the configuration file at <paramref name="path"/> (a text search when it has a "text" section).</summary>
    /// <exception cref="ConfigException">The file is missing or unreadable, or a field is invalid.</exception>
    public static ExperimentConfig Load(string path)
    {
        string json = ConfigLoader.ReadFile(path);
        return Parse(json, Path.GetFileName(path), Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>Reads a configuration from JSON text.</summary>
    /// <param name="json">The JSON text (comments and trailing commas allowed).</param>
    /// <param name="source">How to name the text in error messages, e.g. a file name.</param>
    /// <param name="defaultName">The run name when the JSON gives none.</param>
    /// <exception cref="ConfigException">The JSON is malformed or a field is invalid.</exception>
    public static ExperimentConfig Parse(string json, string source = "configuration", string defaultName = "search") =>
        TextConfigParser.IsTextConfig(json)
            ? TextConfigParser.Parse(json, source, defaultName)
            : ConfigResolver.Resolve(ConfigParser.Parse(json, source, defaultName));

    /// <summary>The default search: QDHF on the 10-joint robotic arm (<c>examples/arm-qdhf.json</c>).</summary>
    public static SearchConfig Default => ConfigLoader.LoadDefault();
}
