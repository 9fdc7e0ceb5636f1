namespace QualityDiversity.Experiments.Configuration;

/// <summary>
/// A configuration is unusable: a file is missing, the JSON is malformed, or a field is missing,
/// unknown or out of range. <see cref="Exception.Message"/> starts with the offending field path
/// (for example <c>emitters[0].sigma</c>) and is meant to be shown to the user as is.
/// </summary>
public sealed class ConfigException : Exception
{
    /// <summary>An error about the field at <paramref name="path"/>.</summary>
    public ConfigException(string path, string message)
        : base(string.IsNullOrEmpty(path) ? message : $"{path}: {message}")
    {
        FieldPath = path;
    }

    /// <summary>An error about the configuration as a whole (for example a missing file).</summary>
    public ConfigException(string message)
        : base(message)
    {
        FieldPath = string.Empty;
    }

    /// <summary>Path of the offending field, e.g. <c>emitters[0].sigma</c>; empty for whole-file errors.</summary>
    public string FieldPath { get; }
}
