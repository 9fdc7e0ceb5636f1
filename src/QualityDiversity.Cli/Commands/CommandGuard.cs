using QualityDiversity.Experiments;
using QualityDiversity.Experiments.Configuration;

namespace QualityDiversity.Cli.Commands;

/// <summary>
/// Runs a command body and turns failures into a one-line message on standard error and an exit
/// code (no stack trace; set <c>QD_DEBUG=1</c> to see one).
/// </summary>
internal static class CommandGuard
{
    /// <summary>Runs <paramref name="body"/>, reporting any failure on <see cref="CliContext.Err"/>.</summary>
    /// <param name="context">Where messages go.</param>
    /// <param name="body">The command.</param>
    /// <param name="names">
    /// How this command names library parameters where it differs from the usual options: a
    /// command whose run directory is its argument says <c>DIR</c>, not <c>--out</c>.
    /// </param>
    public static async Task<int> RunAsync(CliContext context, Func<Task<int>> body, IReadOnlyDictionary<string, string>? names = null)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (ConfigException e)
        {
            return Report(context, e, e.Message, ExitCodes.UsageError);
        }
        catch (ExperimentException e)
        {
            string? option = names?.GetValueOrDefault(e.Parameter) ?? OptionNames.GetValueOrDefault(e.Parameter);
            string message = option is not null ? $"{option}: {e.Detail}" : e.Message;
            return Report(context, e, message, e.Kind == ExperimentErrorKind.InvalidRequest ? ExitCodes.UsageError : ExitCodes.Failure);
        }
        catch (CliException e)
        {
            return Report(context, e, e.Message, e.ExitCode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return Report(context, e, e.Message, ExitCodes.Failure);
        }
        catch (Exception e)
        {
            return Report(context, e, $"unexpected {e.GetType().Name}: {e.Message}", ExitCodes.Failure);
        }
    }

    // Library parameters and the command-line options that carry them.
    private static readonly Dictionary<string, string> OptionNames = new(StringComparer.Ordinal)
    {
        ["directory"] = "--out",
        ["length"] = "--iterations",
        ["trials"] = "--trials",
        ["jobs"] = "--jobs",
        ["variations"] = "--variations",
        ["methods"] = "--methods",
        ["protocol"] = "PROTOCOL",
        ["iterations"] = "--iterations",
        ["label_noise"] = "--label-noise",
        ["output"] = "--out",
    };

    /// <summary>The names of a command that takes an existing run directory as its argument <c>DIR</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> RunDirectoryArgument = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["directory"] = "DIR",
    };

    private static int Report(CliContext context, Exception exception, string message, int exitCode)
    {
        context.Err.WriteLine($"error: {message}");
        if (Environment.GetEnvironmentVariable("QD_DEBUG") is "1" or "true") context.Err.WriteLine(exception);
        context.Err.Flush();
        return exitCode;
    }
}
