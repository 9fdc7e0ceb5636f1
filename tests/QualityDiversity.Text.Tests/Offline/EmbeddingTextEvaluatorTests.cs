using QualityDiversity.Text.Domains;
using QualityDiversity.Text.Embeddings;
using QualityDiversity.Text.Genomes;
using QualityDiversity.Text.Offline;

namespace QualityDiversity.Text.Tests.Offline;

public class EmbeddingTextEvaluatorTests
{
    private static readonly TextDomain Opinions = new()
    {
        Name = "opinions",
        Header = "Here is an opinion about vegetables:",
        Quality = new TextQuality { Question = "Is this an opinion about vegetables?", Description = "An opinion piece about eating vegetables." },
        Axes =
        [
            new TextAxis
            {
                Name = "sentiment", Question = "Sentiment?", FirstOption = "positive", SecondOption = "negative", Edges = [0, 0.5, 1],
                FirstDescription = "An enthusiastic, positive opinion praising vegetables.",
                SecondDescription = "A critical, negative opinion complaining about vegetables.",
            },
        ],
    };

    [Fact]
    public async Task Sentiment_and_relevance_come_from_the_embedding_model()
    {
        var evaluator = new EmbeddingTextEvaluator(MiniLmEmbedder.Shared, Opinions, temperature: 0.02);
        var praise = await evaluator.EvaluateAsync(new TextGenome(1, "Vegetables are delicious and I love eating them every day."), default);
        var complaint = await evaluator.EvaluateAsync(new TextGenome(2, "Vegetables taste awful and I hate being forced to eat them."), default);
        var offTopic = await evaluator.EvaluateAsync(new TextGenome(3, "The stock market fell sharply after the announcement."), default);

        Assert.True(praise.Measures[0] > 0.8, $"praise scored {praise.Measures[0]}");
        Assert.True(complaint.Measures[0] < 0.2, $"complaint scored {complaint.Measures[0]}");
        Assert.True(praise.Quality > offTopic.Quality + 0.2, $"{praise.Quality} vs off-topic {offTopic.Quality}");
        Assert.Contains(new KeyValuePair<string, string>("sentiment.mode", "embedding"), praise.Annotations);
        Assert.Empty(praise.Features);
    }

    [Fact]
    public async Task A_batch_scores_exactly_like_single_texts_and_features_are_the_embedding()
    {
        var evaluator = new EmbeddingTextEvaluator(MiniLmEmbedder.Shared, Opinions, keepFeatures: true);
        Assert.Equal(384, evaluator.FeatureDim);
        var texts = new[] { "Carrots are great.", "Broccoli is bitter and sad.", "Beans are fine, I suppose." }.Select((t, i) => new TextGenome(i, t)).ToArray();
        var batch = await evaluator.EvaluateBatchAsync(texts, default);
        for (int i = 0; i < texts.Length; i++)
        {
            var single = await evaluator.EvaluateAsync(texts[i], default);
            Assert.Equal(single.Quality, batch[i].Quality, 6);
            Assert.Equal(single.Measures[0], batch[i].Measures[0], 6);
            Assert.Equal(384, batch[i].Features.Length);
        }
    }

    [Fact]
    public async Task Categorical_axes_take_the_most_similar_label()
    {
        var axis = new TextAxis { Name = "genre", Question = "Genre?", Labels = ["haiku", "limerick", "sonnet"] };
        var scorer = new EmbeddingAxisScorer(MiniLmEmbedder.Shared, axis);
        var score = await scorer.ScoreAsync("A limerick: there once was a man from Peru who dreamed he was eating his shoe.", default);
        Assert.Equal(1, score.Value);
        Assert.Equal("embedding", score.Mode);
    }

    [Fact]
    public void Binary_axes_without_descriptions_are_refused_by_name()
    {
        var bare = Opinions with { Axes = [Opinions.Axes[0] with { FirstDescription = null }] };
        var e = Assert.Throws<ArgumentException>(() => new EmbeddingTextEvaluator(MiniLmEmbedder.Shared, bare));
        Assert.Contains("sentiment", e.Message);
    }
}
