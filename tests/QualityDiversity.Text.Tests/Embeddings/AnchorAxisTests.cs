using QualityDiversity.Text.Embeddings;

namespace QualityDiversity.Text.Tests.Embeddings;

public class AnchorAxisTests
{
    private const string Negative = "a negative, critical opinion";
    private const string Positive = "a positive, enthusiastic opinion";

    private static FixedTextEmbedder Plane() => new(2, new Dictionary<string, float[]>
    {
        ["zero"] = [1f, 0f],
        ["one"] = [0f, 1f],
        ["diagonal"] = [1f, 1f],
        ["near one"] = [1f, 3f],
        ["also zero"] = [2f, 0f],
    });

    [Fact]
    public void The_score_is_the_logistic_of_the_cosine_difference_over_the_temperature()
    {
        var axis = new AnchorAxis(Plane(), "zero", "one");
        Assert.Equal(0.05, axis.Temperature);
        Assert.Equal(1 / (1 + Math.Exp(20)), axis.Score([1f, 0f]), 12);
        Assert.Equal(1 / (1 + Math.Exp(-20)), axis.Score([0f, 1f]), 12);
        Assert.Equal(0.5, axis.Score([1f, 1f]), 6);

        // cos to "one" = 3/√10, to "zero" = 1/√10; the length of the embedding does not matter.
        double difference = 2 / Math.Sqrt(10);
        var warm = new AnchorAxis(Plane(), "zero", "one", temperature: 0.5);
        Assert.Equal(difference, warm.Difference([2f, 6f]), 5);
        Assert.Equal(1 / (1 + Math.Exp(-difference / 0.5)), warm.Score([2f, 6f]), 5);
        Assert.Equal(warm.Score([1f, 3f]), warm.ScoreText("near one"), 6);
        Assert.Equal([warm.Score([1f, 0f]), warm.Score([1f, 1f])], warm.ScoreTexts(["zero", "diagonal"]));
    }

    [Fact]
    public void Scores_stay_in_the_unit_interval_at_extreme_temperatures()
    {
        var sharp = new AnchorAxis(Plane(), "zero", "one", temperature: 1e-9);
        Assert.Equal(0.0, sharp.Score([1f, 0f]));
        Assert.Equal(1.0, sharp.Score([0f, 1f]));
        var flat = new AnchorAxis(Plane(), "zero", "one", temperature: 1e9);
        Assert.Equal(0.5, flat.Score([1f, 0f]), 6);
    }

    [Fact]
    public void Invalid_axes_and_embeddings_are_rejected_with_clear_errors()
    {
        Assert.Throws<ArgumentNullException>(() => new AnchorAxis(null!, "zero", "one"));
        Assert.Throws<ArgumentException>(() => new AnchorAxis(Plane(), " ", "one"));
        Assert.Throws<ArgumentException>(() => new AnchorAxis(Plane(), "zero", null!));
        Assert.Contains("must differ", Assert.Throws<ArgumentException>(() => new AnchorAxis(Plane(), "zero", " zero ")).Message);
        Assert.Contains("same embedding", Assert.Throws<ArgumentException>(() => new AnchorAxis(Plane(), "zero", "also zero")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnchorAxis(Plane(), "zero", "one", temperature: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnchorAxis(Plane(), "zero", "one", temperature: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnchorAxis(Plane(), "zero", "one", temperature: double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnchorAxis(Plane(), "zero", "one", temperature: double.PositiveInfinity));

        var axis = new AnchorAxis(Plane(), "zero", "one");
        Assert.Contains("takes 2", Assert.Throws<ArgumentException>(() => axis.Score([1f, 0f, 0f])).Message);
        Assert.Throws<ArgumentException>(() => axis.Score([float.NaN, 1f]));
    }

    [Fact]
    public void Anchors_are_embedded_once_at_construction()
    {
        var counting = new CountingTextEmbedder();
        var axis = new AnchorAxis(counting, "low", "high");
        Assert.Equal(1, counting.Calls);
        axis.Score(CountingTextEmbedder.VectorOf("x", counting.Dimension));
        axis.Score(CountingTextEmbedder.VectorOf("y", counting.Dimension));
        Assert.Equal(1, counting.Calls);
        Assert.Equal(8, axis.Dimension);
    }

    [Fact]
    public void With_minilm_positive_opinions_score_above_negative_ones()
    {
        var axis = new AnchorAxis(MiniLmEmbedder.Shared, Negative, Positive);
        var scores = axis.ScoreTexts(
        [
            "Eating vegetables every day is wonderful: they taste great and I feel fantastic.",
            "I absolutely love this restaurant, the staff are delightful and the food is superb.",
            "Vegetables are disgusting and boring; I hate every bite and regret every meal.",
            "This restaurant was awful, the staff were rude and the food was terrible.",
        ]);
        Assert.All(scores, s => Assert.InRange(s, 0.0, 1.0));
        Assert.True(scores[0] > scores[2], $"vegetables: positive {scores[0]:F3} vs negative {scores[2]:F3}");
        Assert.True(scores[1] > scores[3], $"restaurant: positive {scores[1]:F3} vs negative {scores[3]:F3}");
        Assert.True(Math.Min(scores[0], scores[1]) > Math.Max(scores[2], scores[3]), string.Join(", ", scores.Select(s => s.ToString("F3"))));
        Assert.True(scores[0] > 0.5 && scores[1] > 0.5 && scores[2] < 0.5 && scores[3] < 0.5, string.Join(", ", scores.Select(s => s.ToString("F3"))));
    }
}
