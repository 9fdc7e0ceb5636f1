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
    public static async Task<int> RunAsync(CliContext context, Func<Task<int>> body)
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
            string message = OptionNames.TryGetValue(e.Parameter, out var option) ? $"{option}: {e.Detail}" : e.Message;
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

    private static int Report(CliContext context, Exception exception, string message, int exitCode)
    {
        context.Err.WriteLine($"error: {message}");
        if (Environment.GetEnvironmentVariable("QD_DEBUG") is "1" or "true") context.Err.WriteLine(exception);
        context.Err.Flush();
        return exitCode;
    }
}
