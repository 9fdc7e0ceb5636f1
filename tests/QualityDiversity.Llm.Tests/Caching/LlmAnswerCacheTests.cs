using QualityDiversity.Llm.Caching;
using QualityDiversity.Llm.Client;

namespace QualityDiversity.Llm.Tests.Caching;

public class LlmAnswerCacheTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("qd-llm-cache-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static LlmRequest Request(string content, string? tag = null, double? temperature = null) => new()
    {
        Messages = [ChatTurn.User(content)],
        Temperature = temperature,
        CallTag = tag,
    };

    [Fact]
    public void Keys_change_with_everything_that_is_sent_and_with_the_call_tag()
    {
        string baseKey = LlmCacheKey.Of("m", Request("hello"), 0.8, 100);
        Assert.Equal(baseKey, LlmCacheKey.Of("m", Request("hello"), 0.8, 100));
        Assert.NotEqual(baseKey, LlmCacheKey.Of("other", Request("hello"), 0.8, 100));
        Assert.NotEqual(baseKey, LlmCacheKey.Of("m", Request("hello!"), 0.8, 100));
        Assert.NotEqual(baseKey, LlmCacheKey.Of("m", Request("hello"), 0.7, 100));
        Assert.NotEqual(baseKey, LlmCacheKey.Of("m", Request("hello"), 0.8, 50));
        Assert.NotEqual(baseKey, LlmCacheKey.Of("m", Request("hello", tag: "step=1"), 0.8, 100));
        Assert.NotEqual(baseKey, LlmCacheKey.Of("m", Request("hello") with { Logprobs = true }, 0.8, 100));
        Assert.NotEqual(baseKey, LlmCacheKey.Of("m", Request("hello") with { Stop = ["###"] }, 0.8, 100));
        // Role matters too.
        Assert.NotEqual(baseKey, LlmCacheKey.Of("m", new LlmRequest { Messages = [ChatTurn.System("hello")] }, 0.8, 100));
    }

    [Fact]
    public void Answers_persist_with_their_log_probabilities()
    {
        string path = Path.Combine(_dir.FullName, "cache.jsonl");
        var answer = new LlmAnswer
        {
            Text = "positive \"quoted\"\nline",
            FinishReason = "stop",
            PromptTokens = 12,
            CompletionTokens = 3,
            Logprobs = [new TokenLogprob("positive", -0.105, [new TokenAlternative("positive", -0.105), new TokenAlternative("negative", -2.3025850929940455)])],
        };
        using (var cache = LlmAnswerCache.Open(path)) cache.Put("k1", "m", "quality", answer);
        using var reopened = LlmAnswerCache.Open(path);
        Assert.Equal(1, reopened.Count);
        Assert.True(reopened.TryGet("k1", out var back));
        Assert.Equal(answer.Text, back.Text);
        Assert.Equal(12, back.PromptTokens);
        Assert.Equal(-2.3025850929940455, back.Logprobs[0].Top[1].Logprob);
        Assert.Equal("negative", back.Logprobs[0].Top[1].Token);
    }

    [Fact]
    public void A_torn_last_line_is_skipped_and_the_file_stays_appendable()
    {
        string path = Path.Combine(_dir.FullName, "cache.jsonl");
        using (var cache = LlmAnswerCache.Open(path)) cache.Put("k1", "m", "p", new LlmAnswer { Text = "one" });
        File.AppendAllText(path, "{\"key\":\"k2\",\"text\":\"tw");
        using (var cache = LlmAnswerCache.Open(path))
        {
            Assert.NotNull(cache.LoadWarning);
            Assert.Equal(1, cache.Count);
            cache.Put("k3", "m", "p", new LlmAnswer { Text = "three" });
        }
        using var again = LlmAnswerCache.Open(path);
        Assert.Null(again.LoadWarning);
        Assert.Equal(2, again.Count);
    }

    [Fact]
    public void A_malformed_middle_line_is_an_error_naming_the_line()
    {
        string path = Path.Combine(_dir.FullName, "cache.jsonl");
        File.WriteAllText(path, "not json\n{\"key\":\"k\",\"text\":\"x\"}\n");
        var e = Assert.Throws<InvalidDataException>(() => LlmAnswerCache.Open(path));
        Assert.Contains("line 1", e.Message);
    }

    [Fact]
    public async Task The_caching_client_pays_once_per_distinct_request_and_shares_concurrent_ones()
    {
        var inner = new CountingClient();
        using var cache = LlmAnswerCache.InMemory();
        var client = new CachingLlmClient(inner, cache, 0.8, 100);
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.CompleteAsync(Request("same"))));
        Assert.All(results, r => Assert.Equal("answer 1", r.Answer!.Text));
        Assert.Equal(1, inner.Calls);
        var other = await client.CompleteAsync(Request("same", tag: "step=2"));
        Assert.Equal("answer 2", other.Answer!.Text);
        Assert.Equal(2, inner.Calls);
        Assert.True(client.Usage.CacheHits >= 0);
        var hit = await client.CompleteAsync(Request("same"));
        Assert.True(hit.Answer!.FromCache);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task Failed_calls_are_not_cached()
    {
        var inner = new CountingClient { FailFirst = true };
        using var cache = LlmAnswerCache.InMemory();
        var client = new CachingLlmClient(inner, cache, 0.8, 100);
        Assert.False((await client.CompleteAsync(Request("q"))).Succeeded);
        Assert.True((await client.CompleteAsync(Request("q"))).Succeeded);
        Assert.Equal(2, inner.Calls);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task A_caller_is_not_cancelled_by_another_callers_cancellation()
    {
        var inner = new SlowClient();
        using var cache = LlmAnswerCache.InMemory();
        var client = new CachingLlmClient(inner, cache, 0.8, 100);
        using var first = new CancellationTokenSource();
        var cancelled = client.CompleteAsync(Request("same"), first.Token);
        var patient = client.CompleteAsync(Request("same"));
        first.CancelAfter(50);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        var result = await patient;
        Assert.True(result.Succeeded);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task Uncounted_answers_count_once_as_the_calls_they_were_and_withdrawn_ones_are_asked_again()
    {
        string path = Path.Combine(_dir.FullName, "cache.jsonl");
        string Key(string content) => LlmCacheKey.Of("counting", Request(content), 0.8, 100);
        using (var cache = LlmAnswerCache.Open(path))
        {
            cache.Put(Key("a"), "counting", "test", new LlmAnswer { Text = "A", PromptTokens = 10, CompletionTokens = 1 });
            cache.Put(Key("b"), "counting", "test", new LlmAnswer { Text = "B", PromptTokens = 20, CompletionTokens = 2 });
            cache.Put(Key("c"), "counting", "test", new LlmAnswer { Text = "C", PromptTokens = 30, CompletionTokens = 3 });
            cache.Withdraw(2);
            Assert.False(cache.TryGet(Key("c"), out _));
        }

        using var reopened = LlmAnswerCache.Open(path);
        Assert.Equal(3, reopened.Stored);
        Assert.Equal(2, reopened.Count);
        reopened.MarkUncounted([1, 2, 7]);
        Assert.Equal([1, 2], reopened.Uncounted);
        var inner = new CountingClient();
        var client = new CachingLlmClient(inner, reopened, 0.8, 100);

        client.CountWithdrawnCalls();
        Assert.Equal((1L, 30L, 3L), (client.Usage.Calls, client.Usage.PromptTokens, client.Usage.CompletionTokens));
        Assert.Equal("B", (await client.CompleteAsync(Request("b"))).Answer!.Text);
        Assert.Equal((2L, 50L, 0L), (client.Usage.Calls, client.Usage.PromptTokens, client.Usage.CacheHits));
        await client.CompleteAsync(Request("b"));
        await client.CompleteAsync(Request("a"));
        Assert.Equal((2L, 2L), (client.Usage.Calls, client.Usage.CacheHits));
        Assert.Empty(reopened.Uncounted);

        Assert.Equal("answer 1", (await client.CompleteAsync(Request("c"))).Answer!.Text);
        Assert.Equal(1, inner.Calls);
        Assert.Equal(4, reopened.Stored);
    }

    [Fact]
    public async Task A_paid_but_unusable_answer_is_never_served_and_its_call_counts_once_after_a_reopen()
    {
        string path = Path.Combine(_dir.FullName, "cache.jsonl");
        var inner = new CountingClient { EmptyFirst = true };
        using (var cache = LlmAnswerCache.Open(path))
        {
            var client = new CachingLlmClient(inner, cache, 0.8, 100);
            var empty = await client.CompleteAsync(Request("q"));
            Assert.Equal("The model returned an empty answer.", empty.Failure);
            Assert.Equal(1, cache.Stored);
            Assert.Equal(0, cache.Count);
            // Asked again, not answered with the empty answer.
            Assert.Equal("answer 2", (await client.CompleteAsync(Request("q"))).Answer!.Text);
            Assert.Equal(2, inner.Calls);
        }

        using var reopened = LlmAnswerCache.Open(path);
        Assert.Equal(2, reopened.Stored);
        Assert.True(reopened.TryGet(LlmCacheKey.Of("counting", Request("q"), 0.8, 100), out var served));
        Assert.Equal("answer 2", served.Text);
        // A process that checkpointed before either call counts both: the empty one as withdrawn, the other when taken.
        reopened.MarkUncounted([0, 1]);
        var again = new CachingLlmClient(new CountingClient(), reopened, 0.8, 100);
        again.CountWithdrawnCalls();
        Assert.Equal((1L, 7L, 0L), (again.Usage.Calls, again.Usage.PromptTokens, again.Usage.CompletionTokens));
        Assert.Equal("answer 2", (await again.CompleteAsync(Request("q"))).Answer!.Text);
        Assert.Equal((2L, 0L), (again.Usage.Calls, again.Usage.CacheHits));
    }

    private sealed class SlowClient : ILlmClient
    {
        private int _calls;

        public int Calls => _calls;

        public string Model => "slow";

        public LlmUsage Usage { get; } = new();

        public async Task<LlmResult> CompleteAsync(LlmRequest request, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            await Task.Delay(300, cancellationToken);
            return LlmResult.Success(new LlmAnswer { Text = "done" });
        }
    }

    private sealed class CountingClient : ILlmClient
    {
        private int _calls;

        public bool FailFirst { get; init; }

        // The first call is answered empty, with the tokens of a paid call.
        public bool EmptyFirst { get; init; }

        public int Calls => _calls;

        public string Model => "counting";

        public LlmUsage Usage { get; } = new();

        public async Task<LlmResult> CompleteAsync(LlmRequest request, CancellationToken cancellationToken = default)
        {
            int n = Interlocked.Increment(ref _calls);
            await Task.Delay(20, cancellationToken);
            if (FailFirst && n == 1) return LlmResult.Failed("first call fails");
            if (EmptyFirst && n == 1) return LlmResult.Failed("The model returned an empty answer.", new LlmAnswer { Text = "", PromptTokens = 7 });
            return LlmResult.Success(new LlmAnswer { Text = $"answer {n}" });
        }
    }

    [Theory]
    [InlineData("{\"model\":\"m\",\"text\":\"x\"}", "'key' is missing or null")]
    [InlineData("{\"key\":\"k\",\"text\":null}", "'text' is missing or null")]
    [InlineData("{\"key\":\"k\",\"text\":\"x\",\"logprobs\":[null]}", "a null entry in 'logprobs'")]
    [InlineData("{\"key\":\"k\",\"text\":\"x\",\"logprobs\":[{\"t\":\"a\",\"lp\":-1,\"top\":[[\"a\"]]}]}", "not a [token, logprob] pair")]
    public void A_damaged_line_before_the_last_is_refused_naming_file_line_and_field(string damaged, string reason)
    {
        string path = Path.Combine(_dir.FullName, "cache.jsonl");
        string good = "{\"key\":\"g\",\"model\":\"m\",\"purpose\":\"p\",\"text\":\"ok\"}";
        File.WriteAllText(path, damaged + "\n" + good + "\n");

        var error = Assert.Throws<InvalidDataException>(() => LlmAnswerCache.Open(path));
        Assert.Contains($"{path}, line 1: not a cached answer", error.Message);
        Assert.Contains(reason, error.Message);
    }
}
