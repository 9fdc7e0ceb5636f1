using QualityDiversity.Text.Embeddings;

namespace QualityDiversity.Text.Tests.Embeddings;

public class TopicRelevanceTests
{
    private static FixedTextEmbedder Plane() => new(2, new Dictionary<string, float[]>
    {
        ["topic"] = [1f, 0f],
        ["same"] = [3f, 0f],
        ["orthogonal"] = [0f, 1f],
        ["opposite"] = [-1f, 0f],
        ["sixty degrees"] = [0.5f, MathF.Sqrt(3) / 2],
    });

    [Fact]
    public void By_default_the_quality_is_the_cosine_clamped_at_zero()
    {
        var topic = new TopicRelevance(Plane(), "topic");
        Assert.Equal(1.0, topic.ScoreText("same"), 6);
        Assert.Equal(0.5, topic.ScoreText("sixty degrees"), 6);
        Assert.Equal(0.0, topic.ScoreText("orthogonal"), 6);
        Assert.Equal(0.0, topic.ScoreText("opposite"));
        Assert.Equal(-1.0, topic.Similarity([-1f, 0f]), 6);
    }

    [Fact]
    public void A_floor_and_ceiling_map_the_cosine_affinely_onto_the_unit_interval()
    {
        var full = new TopicRelevance(Plane(), "topic", floor: -1, ceiling: 1);
        Assert.Equal([1.0, 0.75, 0.5, 0.0], full.ScoreTexts(["same", "sixty degrees", "orthogonal", "opposite"]).Select(q => Math.Round(q, 6)));

        var narrow = new TopicRelevance(Plane(), "topic", floor: 0.25, ceiling: 0.75);
        Assert.Equal(0.5, narrow.Score([0.5f, MathF.Sqrt(3) / 2]), 6);
        Assert.Equal(1.0, narrow.Score([1f, 0f]));
        Assert.Equal(0.0, narrow.Score([0f, 1f]));
    }

    [Fact]
    public void Invalid_settings_and_embeddings_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => new TopicRelevance(null!, "topic"));
        Assert.Throws<ArgumentException>(() => new TopicRelevance(Plane(), ""));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TopicRelevance(Plane(), "topic", floor: 0.5, ceiling: 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TopicRelevance(Plane(), "topic", floor: -2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TopicRelevance(Plane(), "topic", ceiling: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TopicRelevance(Plane(), "topic", floor: double.NaN));
        var topic = new TopicRelevance(Plane(), "topic");
        Assert.Throws<ArgumentException>(() => topic.Score([1f]));
    }

    [Fact]
    public void With_minilm_on_topic_texts_score_higher_than_off_topic_ones()
    {
        var topic = new TopicRelevance(MiniLmEmbedder.Shared, "An opinion about eating vegetables");
        var q = topic.ScoreTexts(
        [
            "I think everyone should eat more vegetables; broccoli and carrots are my favourites.",
            "Vegetables are bland and I would rather eat meat.",
            "The stock market crashed and investors lost billions.",
            "The rocket reached orbit after a flawless launch.",
        ]);
        Assert.All(q, x => Assert.InRange(x, 0.0, 1.0));
        Assert.True(Math.Min(q[0], q[1]) > Math.Max(q[2], q[3]) + 0.2, string.Join(", ", q.Select(x => x.ToString("F3"))));
    }
}
