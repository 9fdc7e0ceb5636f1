using System.Net;
using System.Text.RegularExpressions;
using QualityDiversity.Cli.Commands;
using QualityDiversity.Cli.Tests.Support;

namespace QualityDiversity.Cli.Tests.Commands;

public sealed class ServeCommandTests
{
    private const string WebConfig = """
        {
          "name": "arm-web", "seed": 1, "iterations": 2,
          "task": { "name": "arm", "dim": 4 },
          "archive": { "type": "grid", "dims": [5, 5], "ranges": [[-4, 4], [-4, 4]] },
          "initial_population": { "count": 20, "low": -3.141592653589793, "high": 3.141592653589793 },
          "emitters": [ { "type": "gaussian", "sigma": 0.1, "batch_size": 10 } ],
          "measures": { "type": "qdhf", "schedule": "once", "judgments": 5, "judge": { "type": "web" } }
        }
        """;

    [Fact]
    public async Task Serve_prints_one_line_with_a_fresh_token_and_keeps_it_off_disk()
    {
        using var dir = new TempDirectory();
        dir.WriteFile("config.json", WebConfig);
        var text = new StringWriter();
        var output = TextWriter.Synchronized(text);
        var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        var context = new CliContext { Out = output, Err = TextWriter.Synchronized(error), Cancellation = stop.Token };
        var serving = Task.Run(() => CliApp.InvokeAsync(["serve", dir.Path, "--port", "0"], context));

        string Printed()
        {
            lock (output) return text.ToString();
        }
        var deadline = DateTime.UtcNow.AddMinutes(5); // a guard against hangs only
        while (!Printed().Contains('\n') && !serving.IsCompleted && DateTime.UtcNow < deadline) await Task.Delay(20);
        var match = Regex.Match(Printed(), @"^Serving (http://127\.0\.0\.1:\d+/)\?token=([A-Za-z0-9_-]{43})\r?\n$");
        Assert.True(match.Success, $"stdout: {Printed()} stderr: {error}");
        var address = new Uri(match.Groups[1].Value);
        string token = match.Groups[2].Value;

        using var http = new HttpClient();
        using (var page = await http.GetAsync(address)) Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using (var outside = await http.GetAsync(new Uri(address, "config.json"))) Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        using (var write = await http.PostAsync(new Uri(address, "api/answers"), new StringContent("{}", System.Text.Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);

        await stop.CancelAsync();
        int code = await serving;
        Assert.Equal(ExitCodes.Interrupted, code);
        Assert.Single(Printed().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain(token, error.ToString());
        foreach (string file in Directory.EnumerateFiles(dir.Path))
            Assert.DoesNotContain(token, File.ReadAllText(file));
    }

    [Fact]
    public void Resume_refuses_a_web_judged_run_and_names_qd_serve()
    {
        using var dir = new TempDirectory();
        dir.WriteFile("config.json", WebConfig);
        var result = Qd.Run("resume", dir.Path);
        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains("qd serve", result.Err);
    }

    [Fact]
    public void Serve_names_a_missing_gold_file_and_out_of_range_judging_options()
    {
        using var dir = new TempDirectory();
        dir.WriteFile("config.json", WebConfig);
        var missing = Qd.Run("serve", dir.Path, "--gold", dir.File("checks.jsonl"));
        Assert.Equal(ExitCodes.UsageError, missing.ExitCode);
        Assert.Contains($"--gold: The gold file '{dir.File("checks.jsonl")}' does not exist.", missing.Err);
        var every = Qd.Run("serve", dir.Path, "--gold-every", "0");
        Assert.Equal(ExitCodes.UsageError, every.ExitCode);
        Assert.Contains("--gold-every: 0 is below 1.", every.Err);
        var rate = Qd.Run("serve", dir.Path, "--answers-per-minute", "0");
        Assert.Equal(ExitCodes.UsageError, rate.ExitCode);
        Assert.Contains("--answers-per-minute: 0 is below 1.", rate.Err);
        // Nothing started: no run wrote into the directory.
        Assert.Equal(["config.json"], Directory.EnumerateFiles(dir.Path).Select(Path.GetFileName));
    }
}
