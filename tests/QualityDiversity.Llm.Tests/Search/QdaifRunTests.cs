using QualityDiversity.Archives;
using QualityDiversity.Archives.Depth;
using QualityDiversity.Llm.Caching;
using QualityDiversity.Llm.Client;
using QualityDiversity.Llm.Judging;
using QualityDiversity.Llm.Tests.Client;
using QualityDiversity.Llm.Variation;
using QualityDiversity.Text.Genomes;
using QualityDiversity.Text.Scoring;
using QualityDiversity.Text.Search;
using QualityDiversity.Text.Selection;
using QualityDiversity.Testing;

namespace QualityDiversity.Llm.Tests.Search;

/// <summary>Whole QDAIF runs through the real connector and a loopback server.</summary>
public sealed class QdaifRunTests
{
    private const string Header = "Here is a random opinion piece about vegetables:";

    private static readonly string[] Seeds =
    [
        "Carrots are delicious and fresh. I love them.",
        "Broccoli is awful and bitter. I hate it.",
        "Beans are fine. Nothing special.",
    ];

    internal static (GenerativeSearch Search, SemanticKernelLlmClient Inner) Build(LoopbackChatServer server, LlmAnswerCache cache, int steps, int batch = 8,
        JudgeMode mode = JudgeMode.Auto, int concurrency = 8)
    {
        var inner = new SemanticKernelLlmClient(SemanticKernelLlmClientTests.Options(server, concurrency: concurrency));
        var client = new CachingLlmClient(inner, cache, 0.8, 100);
        var edges = new double[] { 0, .005, .01, .015, .02, .03, .04, .05, .10, .20, .50, .80, .90, .95, .96, .97, .98, .985, .99, .995, 1 };
        var archive = new CellDepthArchive<TextGenome>(new GridArchive<TextGenome>(1, [GridAxis.FromEdges(edges, "sentiment")],
            new ArchiveOptions<TextGenome> { Codec = TextGenomeCodec.Instance }), 10, TextGenomeCodec.Instance);
        var evaluator = new ScoredTextEvaluator(
            new BinaryQuestionJudge(client, "quality", "Is this an opinion about vegetables? Answer yes or no.", "yes", "no", mode),
            [new BinaryQuestionJudge(client, "sentiment", "What is the sentiment of this opinion?", "positive", "negative", mode)]);
        var search = new GenerativeSearch(archive,
            new LmxVariation(client, new SeedSelector(shuffle: true), Header, maxTokens: 50),
            new LmxVariation(client, new NearEliteSelector(), Header, maxTokens: 50),
            evaluator, Seeds, new GenerativeSearchSettings { Steps = steps, BatchSize = batch, Seed = 1 });
        return (search, inner);
    }

    internal static async Task<List<EvaluatedText>> RunAll(GenerativeSearch search, CancellationToken cancellationToken = default)
    {
        var rows = new List<EvaluatedText>();
        while (!search.IsDone) rows.AddRange((await search.StepAsync(cancellationToken)).Rows);
        return rows;
    }

    [Fact]
    public async Task A_full_qdaif_run_completes_through_the_connector()
    {
        await using var server = await LoopbackChatServer.StartAsync(new SimulatedTextModel());
        using var cache = LlmAnswerCache.InMemory();
        var (search, inner) = Build(server, cache, steps: 48);
        using (inner)
        {
            var rows = await RunAll(search);
            Assert.Equal(3 + 48, rows.Count);
            Assert.All(rows, r => Assert.True(r.Status is "new" or "improved" or "not_added", $"{r.Status}: {r.Failure}"));
            Assert.True(search.Archive.Count >= 5, $"only {search.Archive.Count} cells filled");
            Assert.All(rows, r => Assert.Contains(new KeyValuePair<string, string>("sentiment.mode", "logprobs"), r.Annotations));
            Assert.Contains(rows, r => r.Operator == "lmx_near");
            // Every step asked for one generation and two judgments; judgments of repeated texts come from the cache.
            var usage = inner.Usage.Snapshot();
            Assert.Equal(server.TotalRequests, usage.Calls);
            Assert.True(server.ChatRequests.Count(r => r.Logprobs != true) == 48, "one generation per step");
            Assert.Contains(server.ChatRequests, r => r.LastUserMessage.StartsWith(Header, StringComparison.Ordinal) && r.LastUserMessage.Contains("###"));
        }
    }

    [Fact]
    public async Task Without_log_probabilities_judges_fall_back_to_verbal_answers_and_say_so()
    {
        await using var server = await LoopbackChatServer.StartAsync(new SimulatedTextModel { ReturnLogprobs = false });
        using var cache = LlmAnswerCache.InMemory();
        var (search, inner) = Build(server, cache, steps: 16);
        using (inner)
        {
            var rows = await RunAll(search);
            Assert.All(rows, r => Assert.Contains(new KeyValuePair<string, string>("sentiment.mode", "verbal_number"), r.Annotations));
            Assert.True(search.Archive.Count >= 2);
        }
    }

    [Fact]
    public async Task Failing_endpoints_are_recorded_per_text_and_the_run_goes_on()
    {
        int calls = 0;
        var model = new SimulatedTextModel();
        // Every fifth request fails for good (400), the others are answered.
        await using var server = await LoopbackChatServer.StartAsync(request =>
            Interlocked.Increment(ref calls) % 5 == 0 ? ChatReply.Status(400) : model.Answer(request));
        using var cache = LlmAnswerCache.InMemory();
        var (search, inner) = Build(server, cache, steps: 32);
        using (inner)
        {
            var rows = await RunAll(search);
            Assert.Equal(3 + 32, rows.Count);
            var failed = rows.Where(r => r.Status is "generation_failed" or "evaluation_failed").ToList();
            Assert.NotEmpty(failed);
            Assert.All(failed, r => Assert.Contains("400", r.Failure));
            Assert.Contains(rows, r => r.Status == "new");
        }
    }

    [Fact]
    public async Task A_resumed_run_pays_for_nothing_it_already_received()
    {
        var dir = Directory.CreateTempSubdirectory("qd-qdaif-");
        try
        {
            string cachePath = Path.Combine(dir.FullName, "cache.jsonl"), checkpoint = Path.Combine(dir.FullName, "search.ckpt");
            // Uninterrupted reference run.
            int referenceRequests;
            List<EvaluatedText> reference;
            await using (var server = await LoopbackChatServer.StartAsync(new SimulatedTextModel()))
            using (var cache = LlmAnswerCache.Open(Path.Combine(dir.FullName, "reference.jsonl")))
            {
                var (search, inner) = Build(server, cache, steps: 40);
                using (inner) reference = await RunAll(search);
                referenceRequests = server.TotalRequests;
            }

            // The same run, cancelled in the middle of a batch after the checkpoint at step 16: the
            // first requests of that batch are answered (and cached), the rest hang until cancelled.
            var first = new List<EvaluatedText>();
            var model = new SimulatedTextModel();
            int answeredLimit = int.MaxValue, seen = 0;
            using var stop = new CancellationTokenSource();
            await using (var server = await LoopbackChatServer.StartAsync(request =>
                Interlocked.Increment(ref seen) <= Volatile.Read(ref answeredLimit) ? model.Answer(request) : ChatReply.Hang()))
            using (var cache = LlmAnswerCache.Open(cachePath))
            {
                var (search, inner) = Build(server, cache, steps: 40);
                using (inner)
                {
                    first.AddRange((await search.StepAsync()).Rows); // seeds
                    first.AddRange((await search.StepAsync()).Rows); // steps 1-8
                    first.AddRange((await search.StepAsync()).Rows); // steps 9-16
                    search.SaveCheckpoint(checkpoint);
                    Volatile.Write(ref answeredLimit, Volatile.Read(ref seen) + 10);
                    stop.CancelAfter(TimeSpan.FromSeconds(1));
                    await Assert.ThrowsAnyAsync<OperationCanceledException>(() => search.StepAsync(stop.Token));
                }
                Assert.True(cache.Count > 0);
            }

            await using (var server = await LoopbackChatServer.StartAsync(new SimulatedTextModel()))
            using (var cache = LlmAnswerCache.Open(cachePath))
            {
                int cachedBefore = cache.Count;
                var (search, inner) = Build(server, cache, steps: 40);
                using (inner)
                {
                    search.LoadCheckpoint(checkpoint);
                    first.AddRange(await RunAll(search));
                    var usage = inner.Usage.Snapshot();
                    Assert.True(usage.CacheHits > 0, "the interrupted batch's answers should come from the cache");
                }
                // Nothing cached before the resume was asked for again.
                Assert.Equal(referenceRequests, cachedBefore + server.TotalRequests);
            }
            Assert.Equal(reference.Select(r => (r.Id, r.Text, r.Status, r.Quality)), first.Select(r => (r.Id, r.Text, r.Status, r.Quality)));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
