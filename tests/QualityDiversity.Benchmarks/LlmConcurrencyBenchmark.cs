using System.Diagnostics;
using System.Globalization;
using QualityDiversity.Archives;
using QualityDiversity.Archives.Depth;
using QualityDiversity.Llm.Caching;
using QualityDiversity.Llm.Client;
using QualityDiversity.Llm.Judging;
using QualityDiversity.Llm.Variation;
using QualityDiversity.Testing;
using QualityDiversity.Text.Domains;
using QualityDiversity.Text.Genomes;
using QualityDiversity.Text.Scoring;
using QualityDiversity.Text.Search;
using QualityDiversity.Text.Selection;

namespace QualityDiversity.Benchmarks;

/// <summary>
/// Evaluations per second of a QDAIF run (opinions domain: LMX-Near variation, a quality and a
/// sentiment judge) through the real Semantic Kernel connector against a loopback
/// chat-completions server that answers every request after a fixed latency, at several
/// concurrency limits. Wall-clock figures over whole runs, so it is a plain program rather than
/// a BenchmarkDotNet job: <c>dotnet run -c Release --project tests/QualityDiversity.Benchmarks -- llm-concurrency</c>
/// [--latency-ms 200] [--steps 64] [--batch 16] [--concurrency 1,16].
/// </summary>
public static class LlmConcurrencyBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        int latencyMs = Option(args, "--latency-ms", 200);
        int steps = Option(args, "--steps", 64);
        int batch = Option(args, "--batch", 16);
        var levels = OptionList(args, "--concurrency", [1, 16]);
        Console.WriteLine($"QDAIF opinions run, {steps} steps in batches of {batch}, loopback latency {latencyMs} ms per request");
        Console.WriteLine("concurrency  steps/s  evaluations/s  requests  requests/s  peak in flight  wall s");
        double? baseline = null;
        foreach (int concurrency in levels)
        {
            var (stepsPerSecond, evaluationsPerSecond, requests, peak, wall) = await MeasureAsync(latencyMs, steps, batch, concurrency);
            baseline ??= evaluationsPerSecond;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{concurrency,11}  {stepsPerSecond,7:0.00}  {evaluationsPerSecond,13:0.00}  {requests,8}  {requests / wall,10:0.0}  {peak,14}  {wall,6:0.00}   ({evaluationsPerSecond / baseline:0.0}x)"));
        }
    }

    private static async Task<(double StepsPerSecond, double EvaluationsPerSecond, int Requests, int Peak, double Wall)> MeasureAsync(int latencyMs, int steps, int batch, int concurrency)
    {
        await using var server = await LoopbackChatServer.StartAsync(new SimulatedTextModel { Latency = TimeSpan.FromMilliseconds(latencyMs) });
        using var cache = LlmAnswerCache.InMemory();
        var options = new LlmOptions { Endpoint = server.BaseUri, Model = "loopback", MaxConcurrency = concurrency, Timeout = TimeSpan.FromSeconds(30) };
        using var inner = new SemanticKernelLlmClient(options);
        var client = new CachingLlmClient(inner, cache, options.Temperature, options.MaxTokens);
        var domain = QdaifDomains.Opinions("eating vegetables and plant-based foods");
        var archive = new CellDepthArchive<TextGenome>(TextArchives.Create(domain), 100, TextGenomeCodec.Instance);
        var evaluator = new ScoredTextEvaluator(
            new BinaryQuestionJudge(client, "quality", domain.Quality.Question, "yes", "no"),
            [new BinaryQuestionJudge(client, "sentiment", domain.Axes[0].Question, domain.Axes[0].FirstOption!, domain.Axes[0].SecondOption!)]);
        var search = new GenerativeSearch(archive,
            new LmxVariation(client, new SeedSelector(shuffle: true), domain.Header, maxTokens: domain.MaxTokens),
            new LmxVariation(client, new NearEliteSelector(), domain.Header, maxTokens: domain.MaxTokens),
            evaluator, domain.Seeds, new GenerativeSearchSettings { Steps = steps, BatchSize = batch, Seed = 7 });

        await search.StepAsync(); // the seeds, not timed
        server.ResetMaxInFlight();
        int requestsBefore = server.TotalRequests;
        long proposedBefore = search.Proposed;
        var clock = Stopwatch.StartNew();
        while (!search.IsDone) await search.StepAsync();
        double wall = clock.Elapsed.TotalSeconds;
        long evaluations = search.Proposed - proposedBefore - search.Failed;
        return (steps / wall, evaluations / wall, server.TotalRequests - requestsBefore, server.MaxInFlight, wall);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static int[] OptionList(string[] args, string name, int[] fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() : fallback;
    }
}
