using QualityDiversity.Text.Embeddings;

namespace QualityDiversity.Text.Tests.Embeddings;

public class CachingTextEmbedderTests
{
    [Fact]
    public void Repeated_texts_are_embedded_once_across_and_within_calls()
    {
        var inner = new CountingTextEmbedder();
        var cache = new CachingTextEmbedder(inner);

        var first = cache.Embed(["a", "b", "a", "c", "b"]);
        Assert.Equal(3, inner.Texts);
        Assert.Equal(first[0], first[2]);
        Assert.Equal(first[1], first[4]);

        var second = cache.Embed(["c", "a", "d"]);
        Assert.Equal(4, inner.Texts);
        Assert.Equal(2, inner.Calls);
        Assert.Equal(1, inner.TimesEmbedded("a"));
        Assert.Equal(1, inner.TimesEmbedded("d"));
        Assert.Equal(first[3], second[0]);
        Assert.Equal(first[0], second[1]);

        cache.Embed(["a", "b", "c", "d"]);
        Assert.Equal(2, inner.Calls); // all from the cache: the inner embedder is not called
        Assert.Equal(4, cache.Count);
        Assert.Equal(4, cache.Misses);
        Assert.Equal(0 + 2 + 4, cache.Hits); // repeats within the first call were embedded, not found in the cache
    }

    [Fact]
    public void Cached_rows_equal_the_inner_embedders_and_cannot_be_changed_through_a_returned_array()
    {
        var inner = new CountingTextEmbedder();
        var cache = new CachingTextEmbedder(inner);
        var row = cache.Embed("text");
        Assert.Equal(CountingTextEmbedder.VectorOf("text", inner.Dimension), row);
        row[0] = 99f;
        var again = cache.Embed("text");
        Assert.Equal(CountingTextEmbedder.VectorOf("text", inner.Dimension), again);
        Assert.NotSame(again, cache.Embed("text"));
    }

    [Fact]
    public void The_least_recently_used_text_is_forgotten_first()
    {
        var inner = new CountingTextEmbedder();
        var cache = new CachingTextEmbedder(inner, capacity: 2);
        cache.Embed(["a", "b"]);
        cache.Embed(["a"]); // a is now more recent than b
        cache.Embed(["c"]); // evicts b
        Assert.Equal(2, cache.Count);
        cache.Embed(["a", "c"]);
        Assert.Equal(1, inner.TimesEmbedded("a"));
        Assert.Equal(1, inner.TimesEmbedded("c"));
        cache.Embed(["b"]);
        Assert.Equal(2, inner.TimesEmbedded("b"));
    }

    [Fact]
    public void Concurrent_callers_get_correct_rows_and_the_inner_embedder_sees_each_text_at_most_once_per_racing_thread()
    {
        var inner = new CountingTextEmbedder();
        var cache = new CachingTextEmbedder(inner, capacity: 1000);
        var texts = Enumerable.Range(0, 50).Select(i => $"text {i}").ToArray();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
        {
            for (int round = 0; round < 20; round++)
            {
                var batch = Enumerable.Range(0, 10).Select(j => texts[(k * 7 + round * 10 + j) % texts.Length]).ToArray();
                var rows = cache.Embed(batch);
                for (int i = 0; i < batch.Length; i++) Assert.Equal(CountingTextEmbedder.VectorOf(batch[i], inner.Dimension), rows[i]);
            }
        });
        Assert.All(texts, t => Assert.InRange(inner.TimesEmbedded(t), 1, 8));
        int before = inner.Texts;
        cache.Embed(texts);
        Assert.Equal(before, inner.Texts);
    }

    [Fact]
    public void Wrapping_the_real_model_returns_its_vectors_and_embeds_repeats_once()
    {
        var counting = new CountingWrapper(MiniLmEmbedder.Shared);
        var cache = new CachingTextEmbedder(counting);
        string[] texts = ["I love eating vegetables", "Vegetables are delicious", "I love eating vegetables"];
        var rows = cache.Embed(texts);
        var again = cache.Embed(texts);
        Assert.Equal(2, counting.Texts);
        Assert.Equal(384, cache.Dimension);
        Assert.Equal(MiniLmEmbedder.Shared.ModelName, cache.ModelName);
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.Equal(MiniLmEmbedder.Shared.Embed(texts[i]), rows[i]);
            Assert.Equal(rows[i], again[i]);
        }
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => new CachingTextEmbedder(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CachingTextEmbedder(new CountingTextEmbedder(), capacity: 0));
        var cache = new CachingTextEmbedder(new CountingTextEmbedder());
        Assert.Throws<ArgumentException>(() => cache.Embed(["ok", null!]));
    }

    private sealed class CountingWrapper(ITextEmbedder inner) : ITextEmbedder
    {
        private int _texts;

        public int Texts => Volatile.Read(ref _texts);

        public int Dimension => inner.Dimension;

        public string ModelName => inner.ModelName;

        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken ct = default)
        {
            Interlocked.Add(ref _texts, texts.Count);
            return inner.Embed(texts, ct);
        }
    }
}
