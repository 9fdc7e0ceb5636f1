using System.CommandLine;
using QualityDiversity.Web;

namespace QualityDiversity.Cli.Commands;

/// <summary>
/// <c>qd serve DIR [--port N] [--host H] [--gold FILE] [--gold-every N] [--answers-per-minute N]</c>:
/// serves the judging page and the live dashboard of a run directory and, for a QDHF search whose
/// judge is <c>web</c>, runs that search until it ends; Ctrl+C stops both cleanly.
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
        var gold = new Option<string?>("--gold")
        {
            Description = "A judgments file (judgments.jsonl format) of attention checks: triplets whose recorded answers are right, shown to every rater.",
            HelpName = "FILE",
        };
        var goldEvery = new Option<int>("--gold-every") { Description = "Run questions a rater answers between two gold triplets.", HelpName = "N", DefaultValueFactory = _ => 10 };
        var perMinute = new Option<int>("--answers-per-minute")
        {
            Description = "Answers a minute one rater may keep up (bursts of 10 allowed); faster ones are told to wait.",
            HelpName = "N",
            DefaultValueFactory = _ => Web.Raters.AnswerRateLimit.Default.PerMinute,
        };
        var command = new Command("serve", "Serve the judging page and live dashboard (/dashboard) of a run directory; people's answers feed its QDHF search, which runs in this process.")
        {
            dir, port, host, gold, goldEvery, perMinute,
        };
        command.SetAction((parse, _) => CommandGuard.RunAsync(context, () =>
            ExecuteAsync(context, parse.GetValue(dir)!, parse.GetValue(host)!, parse.GetValue(port),
                new Judging(parse.GetValue(gold), parse.GetValue(goldEvery), parse.GetValue(perMinute))), CommandGuard.RunDirectoryArgument));
        return command;
    }

    /// <summary>What <c>qd serve</c>'s judging options say: the gold file, how often gold comes, and the per-rater limit.</summary>
    public sealed record Judging(string? Gold = null, int GoldEvery = 10, int AnswersPerMinute = 180);

    /// <summary>Runs the command: prints the one line with the page's address and token, serves until cancelled.</summary>
    public static async Task<int> ExecuteAsync(CliContext context, string path, string host, int port, Judging? judging = null)
    {
        judging ??= new Judging();
        if (judging.GoldEvery < 1) throw new CliException($"--gold-every: {judging.GoldEvery} is below 1.");
        if (judging.AnswersPerMinute < 1) throw new CliException($"--answers-per-minute: {judging.AnswersPerMinute} is below 1.");
        JudgingServer server;
        try
        {
            server = await JudgingServer.StartAsync(new JudgingServerOptions
            {
                Directory = path,
                Host = host,
                Port = port,
                Log = context.Err,
                GoldPath = judging.Gold,
                GoldEvery = judging.GoldEvery,
                RateLimit = Web.Raters.AnswerRateLimit.Default with { PerMinute = judging.AnswersPerMinute },
            }, context.Cancellation).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            string message = e.Message.Split(" (Parameter")[0];
            throw new CliException(e.ParamName == nameof(JudgingServerOptions.GoldPath) ? $"--gold: {message}" : message);
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
