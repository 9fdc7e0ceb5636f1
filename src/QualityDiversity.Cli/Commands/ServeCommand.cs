using System.CommandLine;
using QualityDiversity.Web;

namespace QualityDiversity.Cli.Commands;

/// <summary>
/// <c>qd serve DIR [--port N] [--host H]</c>: serves the judging page of a run directory and, for a
/// QDHF search whose judge is <c>web</c>, runs that search until it ends; Ctrl+C stops both cleanly.
/// </summary>
internal static class ServeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var dir = new Argument<string>("DIR") { Description = "A run directory (a QDHF config with \"judge\": {\"type\": \"web\"} runs here, new or resumed)." };
        var port = new Option<int>("--port") { Description = "The port; 0 picks a free one.", HelpName = "N", DefaultValueFactory = _ => 0 };
        var host = new Option<string>("--host")
        {
            Description = "The address to bind (an IP address or localhost). Off loopback every request needs the token.",
            HelpName = "H",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var command = new Command("serve", "Serve the judging page of a run directory; people's answers feed its QDHF search, which runs in this process.")
        {
            dir, port, host,
        };
        command.SetAction((parse, _) => CommandGuard.RunAsync(context, () =>
            ExecuteAsync(context, parse.GetValue(dir)!, parse.GetValue(host)!, parse.GetValue(port))));
        return command;
    }

    /// <summary>Runs the command: prints the one line with the page's address and token, serves until cancelled.</summary>
    public static async Task<int> ExecuteAsync(CliContext context, string path, string host, int port)
    {
        JudgingServer server;
        try
        {
            server = await JudgingServer.StartAsync(new JudgingServerOptions { Directory = path, Host = host, Port = port, Log = context.Err }, context.Cancellation).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message.Split(" (Parameter")[0]);
        }
        await using (server.ConfigureAwait(false))
        {
            context.Out.WriteLine($"Serving {server.Url}");
            context.Out.Flush();
            try
            {
                await Task.Delay(Timeout.Infinite, context.Cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            await server.StopRunAsync().ConfigureAwait(false);
            if (server.Run is { IsFaulted: true } failed) await failed.ConfigureAwait(false);
        }
        return ExitCodes.Interrupted;
    }
}
