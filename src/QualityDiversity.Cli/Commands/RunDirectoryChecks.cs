using QualityDiversity.Cli.Output;

namespace QualityDiversity.Cli.Commands;

/// <summary>Checks shared by the commands that read an existing run directory.</summary>
internal static class RunDirectoryChecks
{
    /// <summary>The run directory at <paramref name="path"/>, which must exist and hold a config.json.</summary>
    /// <exception cref="CliException">It does not.</exception>
    public static RunDirectory Existing(string path)
    {
        if (!Directory.Exists(path)) throw new CliException($"run directory '{path}' not found.", ExitCodes.Failure);
        var directory = new RunDirectory(path);
        if (!File.Exists(directory.ConfigPath))
            throw new CliException($"'{path}' has no config.json; it is not a qd run directory.", ExitCodes.Failure);
        return directory;
    }
}
