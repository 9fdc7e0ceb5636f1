using System.Reflection;

namespace QualityDiversity.Experiments.Configuration;

/// <summary>Loads and resolves configurations from files or from the embedded default.</summary>
internal static class ConfigLoader
{
    /// <summary>Manifest name of the embedded default configuration (a copy of <c>examples/arm-map-elites.json</c>).</summary>
    public const string DefaultResourceName = "QualityDiversity.Experiments.DefaultConfig.json";

    /// <summary>Loads, validates and resolves the configuration file at <paramref name="path"/>.</summary>
    /// <param name="path">The configuration file.</param>
    /// <param name="overrides">Command-line overrides applied before resolution.</param>
    /// <exception cref="ConfigException">The file is missing or unreadable, or its contents are invalid.</exception>
    public static SearchConfig LoadFile(string path, ConfigOverrides? overrides = null)
    {
        string text = ReadFile(path);
        var config = ConfigParser.Parse(text, Path.GetFileName(path), Path.GetFileNameWithoutExtension(path));
        return ConfigResolver.Resolve((overrides ?? ConfigOverrides.None).ApplyTo(config));
    }

    /// <summary>Loads a configuration file of either kind (a text search when it has a "text" section), with overrides applied.</summary>
    /// <exception cref="ConfigException">The file is missing or unreadable, or its contents are invalid.</exception>
    public static ExperimentConfig LoadAny(string path, ConfigOverrides? overrides = null)
    {
        // Read and parsed once; a vector search resolves after the overrides, as LoadFile does.
        string text = ReadFile(path);
        var applied = overrides ?? ConfigOverrides.None;
        string source = Path.GetFileName(path), name = Path.GetFileNameWithoutExtension(path);
        return Text.TextConfigParser.IsTextConfig(text)
            ? applied.ApplyTo(Text.TextConfigParser.Parse(text, source, name))
            : ConfigResolver.Resolve(applied.ApplyTo(ConfigParser.Parse(text, source, name)));
    }

    /// <summary>Loads a configuration file without resolving it against its task (for re-reading a run's own config.json).</summary>
    /// <exception cref="ConfigException">The file is missing or unreadable, or its contents are invalid.</exception>
    public static SearchConfig LoadUnresolved(string path) =>
        ConfigParser.Parse(ReadFile(path), Path.GetFileName(path), Path.GetFileNameWithoutExtension(path));

    /// <summary>The built-in default search (robotic arm, MAP-Elites), resolved.</summary>
    public static SearchConfig LoadDefault(ConfigOverrides? overrides = null)
    {
        var config = ConfigParser.Parse(DefaultJson, "default configuration", "arm-qdhf");
        return ConfigResolver.Resolve((overrides ?? ConfigOverrides.None).ApplyTo(config));
    }

    /// <summary>The text of the embedded default configuration.</summary>
    public static string DefaultJson
    {
        get
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(DefaultResourceName)
                ?? throw new InvalidOperationException($"The embedded resource {DefaultResourceName} is missing from this build.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    /// <summary>The text of the configuration file at <paramref name="path"/>.</summary>
    /// <exception cref="ConfigException">It is missing, a directory, or unreadable.</exception>
    public static string ReadFile(string path)
    {
        if (Directory.Exists(path)) throw new ConfigException($"config file '{path}' is a directory; give the path of a JSON file.");
        if (!File.Exists(path)) throw new ConfigException($"config file '{path}' not found.");
        try
        {
            return ReadBounded(path, ConfigLimits.MaxFileBytes, "config file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"config file '{path}' cannot be read: {e.Message}");
        }
    }

    /// <summary>
    /// The text of <paramref name="path"/>, read up to <paramref name="maxBytes"/>: a file larger
    /// than that, or a device that never ends (such as /dev/zero), is refused instead of read
    /// without bound.
    /// </summary>
    /// <exception cref="ConfigException">The file is larger than <paramref name="maxBytes"/>.</exception>
    public static string ReadBounded(string path, long maxBytes, string what)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 14);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var text = new System.Text.StringBuilder();
        char[] buffer = new char[1 << 14];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            text.Append(buffer, 0, read);
            if (stream.Position > maxBytes || text.Length > maxBytes)
                throw new ConfigException($"{what} '{path}' is larger than {maxBytes / (1 << 20)} MiB (or is not a regular file); give a JSON file.");
        }
        return text.ToString();
    }
}
