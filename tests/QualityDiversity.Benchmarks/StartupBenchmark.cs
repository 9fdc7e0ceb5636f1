using System.Diagnostics;
using System.Globalization;

namespace QualityDiversity.Benchmarks;

/// <summary>
/// How long a built <c>qd run</c> takes from process start to its first iteration: starts
/// <c>qd run --algorithm NAME --iterations 1</c> several times, watches its <c>metrics.csv</c>
/// for the first row, and subtracts that row's <c>elapsed_seconds</c> (the run's clock starts
/// with the first iteration) from the moment the row appeared.
/// </summary>
/// <remarks>
/// Usage: <c>startup [--qd PATH] [--runs N] [--algorithm NAME]</c>. PATH defaults to the Release
/// build of the CLI in this repository (<c>src/QualityDiversity.Cli/bin/Release/net10.0/qd</c>).
/// The file is polled every half millisecond, so the start is known to about a millisecond.
/// </remarks>
internal static class StartupBenchmark
{
    private static readonly CultureInfo Text = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        string? qd = null;
        int runs = 7;
        string algorithm = "map-elites";
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--qd" when i + 1 < args.Length: qd = args[++i]; break;
                case "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], out int r) && r > 0: runs = r; i++; break;
                case "--algorithm" when i + 1 < args.Length: algorithm = args[++i]; break;
                default:
                    Console.Error.WriteLine($"startup: unknown or incomplete option '{args[i]}'. Usage: startup [--qd PATH] [--runs N] [--algorithm NAME]");
                    return 2;
            }
        }
        qd ??= FindBuiltQd();
        if (qd is null || !File.Exists(qd))
        {
            Console.Error.WriteLine($"startup: no built qd at {qd ?? "src/QualityDiversity.Cli/bin/Release/net10.0/qd"}; build it with `dotnet build src/QualityDiversity.Cli -c Release` or pass --qd PATH.");
            return 2;
        }

        Console.WriteLine($"qd run --algorithm {algorithm} --iterations 1, {runs} runs of {qd}");
        Console.WriteLine("run  first iteration starts  first iteration  process exits");
        var starts = new List<double>();
        var exits = new List<double>();
        for (int run = 0; run < runs; run++)
        {
            string output = Path.Combine(Path.GetTempPath(), $"qd-startup-{Environment.ProcessId}-{run}");
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
            try
            {
                var sample = Measure(qd, algorithm, output);
                starts.Add(sample.FirstIterationStart);
                exits.Add(sample.Exit);
                Console.WriteLine(string.Create(Text, $"{run + 1,3}  {sample.FirstIterationStart,20:0.000} s  {sample.FirstIteration,13:0.000} s  {sample.Exit,11:0.000} s"));
            }
            finally
            {
                if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
            }
        }
        Console.WriteLine(string.Create(Text, $"median: first iteration starts {Median(starts):0.000} s after the process is started; the process exits after {Median(exits):0.000} s"));
        return 0;
    }

    private readonly record struct Sample(double FirstIterationStart, double FirstIteration, double Exit);

    private static Sample Measure(string qd, string algorithm, string output)
    {
        var start = new ProcessStartInfo(qd) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])["run", "--algorithm", algorithm, "--iterations", "1", "--out", output]) start.ArgumentList.Add(a);
        string metrics = Path.Combine(output, "metrics.csv");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        string[]? row = null;
        double seen = 0;
        while (row is null && !process.HasExited)
        {
            row = FirstRow(metrics);
            seen = clock.Elapsed.TotalSeconds;
            if (row is null) Thread.Sleep(TimeSpan.FromMicroseconds(500));
        }
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"qd run did not end within 2 minutes ({output}).");
        }
        double exit = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0) throw new InvalidOperationException($"qd run exited with code {process.ExitCode}.");
        if (row is null)
        {
            // The run ended between two polls: the row's moment is only known to be before the exit.
            row = FirstRow(metrics) ?? throw new InvalidOperationException($"{metrics} has no row after the run.");
            seen = exit;
        }
        double iteration = double.Parse(row[^1], Text);
        return new Sample(seen - iteration, iteration, exit);
    }

    /// <summary>The first data row of metrics.csv split at commas, or null while it is not complete.</summary>
    private static string[]? FirstRow(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            string all = reader.ReadToEnd();
            var lines = all.Split('\n');
            // Complete means terminated: the header, the row, and the newline after it.
            return lines.Length >= 3 ? lines[1].TrimEnd('\r').Split(',') : null;
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
    }

    private static string? FindBuiltQd()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "QualityDiversity.sln"))) continue;
            return Path.Combine(dir.FullName, "src", "QualityDiversity.Cli", "bin", "Release", "net10.0", OperatingSystem.IsWindows() ? "qd.exe" : "qd");
        }
        return null;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
