using QualityDiversity.Learning.Judgments;
using QualityDiversity.Learning.Measures.Torch;
using QualityDiversity.Llm.Caching;
using QualityDiversity.Llm.Judging;
using QualityDiversity.Llm.Tests.Client;
using QualityDiversity.Llm.Client;
using QualityDiversity.Randomness;
using QualityDiversity.Testing;
using QualityDiversity.Text.Embeddings;

namespace QualityDiversity.Llm.Tests.Judging;

/// <summary>QDHF triplets answered by a language model, and measures learned from those answers.</summary>
public sealed class LlmSimilarityJudgeTests
{
    private static JudgedItem Item(string text) => new([], Text: text);

    [Fact]
    public async Task Triplets_are_answered_from_the_models_log_probabilities()
    {
        await using var server = await LoopbackChatServer.StartAsync(new SimulatedTextModel());
        using var inner = new SemanticKernelLlmClient(SemanticKernelLlmClientTests.Options(server));
        var judge = new LlmSimilarityJudge(inner, aspect: "in sentiment");
        Assert.Equal(JudgeKind.Llm, judge.Kind);
        Assert.Equal("llm:loopback-model", judge.Name);

        var happy = Item("Carrots are delicious and wonderful. I love them.");
        var glad = Item("Beans are great and fresh.");
        var grim = Item("Broccoli is awful, bitter and disgusting. I hate it.");
        var triplets = new[] { new Triplet(happy, glad, grim), new Triplet(grim, glad, happy), new Triplet(grim, happy, Item("Tofu is bland and soggy.")) };
        var answers = await judge.JudgeAsync(triplets);

        Assert.Equal(3, answers.Count);
        Assert.Equal(TripletAnswer.A, answers[0].Answer);
        Assert.Equal(TripletAnswer.A, answers[1].Answer);
        Assert.Equal(TripletAnswer.B, answers[2].Answer);
        Assert.All(answers, j => Assert.Equal(JudgeKind.Llm, j.JudgeKind));
        Assert.All(answers.Zip(triplets), p => Assert.True(p.Second.IsAnsweredBy(p.First)));
        Assert.Contains(server.ChatRequests, r => r.LastUserMessage.Contains("more similar to the reference in sentiment"));
    }

    [Fact]
    public async Task Undecidable_or_failed_questions_are_declined()
    {
        int calls = 0;
        var model = new SimulatedTextModel();
        await using var server = await LoopbackChatServer.StartAsync(r => Interlocked.Increment(ref calls) == 1 ? ChatReply.Status(400) : model.Answer(r));
        using var inner = new SemanticKernelLlmClient(SemanticKernelLlmClientTests.Options(server, concurrency: 1));
        var judge = new LlmSimilarityJudge(inner);
        var same = Item("Carrots are great.");
        var answers = await judge.JudgeAsync([new Triplet(same, Item("Beans are great."), Item("Peas are great.")), new Triplet(same, Item("Beans are great."), Item("Peas are awful."))]);
        // The first question failed (400) and would have been a tie anyway; the second is answered.
        var only = Assert.Single(answers);
        Assert.Equal(TripletAnswer.A, only.Answer);
    }

    [Fact]
    public async Task Items_without_text_are_refused()
    {
        await using var server = await LoopbackChatServer.StartAsync(new SimulatedTextModel());
        using var inner = new SemanticKernelLlmClient(SemanticKernelLlmClientTests.Options(server));
        var e = await Assert.ThrowsAsync<ArgumentException>(async () => await new LlmSimilarityJudge(inner).JudgeAsync([new Triplet(new JudgedItem([1.0]), Item("a"), Item("b"))]));
        Assert.Contains("without text", e.Message);
    }

    [Fact]
    public async Task A_measure_learned_from_ai_judgments_on_embeddings_orders_texts_by_sentiment()
    {
        string[] positive = ["delicious", "wonderful", "great", "fresh", "amazing"], negative = ["awful", "bland", "terrible", "bitter", "disgusting"];
        string[] foods = ["Carrots", "Lentils", "Spinach", "Beans", "Tomatoes", "Peppers", "Broccoli", "Mushrooms"];
        var random = new RandomSource(4);
        var texts = new List<string>();
        for (int i = 0; i < 80; i++)
        {
            int good = random.NextInt(4), bad = random.NextInt(4);
            var words = Enumerable.Range(0, good).Select(_ => positive[random.NextInt(5)]).Concat(Enumerable.Range(0, bad).Select(_ => negative[random.NextInt(5)])).ToList();
            if (words.Count == 0) words.Add("ordinary");
            texts.Add($"{foods[random.NextInt(foods.Length)]} are {string.Join(" and ", words)}.");
        }
        var embeddings = MiniLmEmbedder.Shared.Embed(texts);
        var items = texts.Select((t, i) => new JudgedItem(Array.ConvertAll(embeddings[i], x => (double)x), Text: t)).ToArray();
        var triplets = Enumerable.Range(0, 600).Select(_ => new Triplet(items[random.NextInt(60)], items[random.NextInt(60)], items[random.NextInt(60)])).ToArray();

        await using var server = await LoopbackChatServer.StartAsync(new SimulatedTextModel());
        using var inner = new SemanticKernelLlmClient(SemanticKernelLlmClientTests.Options(server, concurrency: 16));
        var judgments = await new LlmSimilarityJudge(new CachingLlmClient(inner, LlmAnswerCache.InMemory(), 0.8, 100), "in sentiment").JudgeAsync(triplets);
        Assert.True(judgments.Count > 400, $"only {judgments.Count} of 600 triplets were answered");

        var fit = new TripletProjectionLearner(new TripletProjectionOptions { Measures = 1, MaxEpochs = 300 }).Fit(judgments, new RandomSource(1));
        Assert.True(fit.ValidationAccuracy > 0.7, $"validation accuracy {fit.ValidationAccuracy}");

        // On the 20 held-out texts, the learned measure ranks texts like the sentiment the judge used.
        var held = Enumerable.Range(60, 20).ToArray();
        var learned = held.Select(i => { var m = new double[1]; fit.Model.Project(items[i].Features, m); return m[0]; }).ToArray();
        var truth = held.Select(i => SimulatedTextModel.Sentiment(texts[i])).ToArray();
        double rho = Math.Abs(Spearman(learned, truth));
        Assert.True(rho > 0.6, $"rank correlation {rho}");
    }

    private static double Spearman(double[] x, double[] y)
    {
        static double[] Ranks(double[] v)
        {
            var order = Enumerable.Range(0, v.Length).OrderBy(i => v[i]).ToArray();
            var ranks = new double[v.Length];
            for (int r = 0; r < order.Length;)
            {
                int end = r;
                while (end + 1 < order.Length && v[order[end + 1]] == v[order[r]]) end++;
                for (int k = r; k <= end; k++) ranks[order[k]] = (r + end) / 2.0;
                r = end + 1;
            }
            return ranks;
        }
        var rx = Ranks(x);
        var ry = Ranks(y);
        double mx = rx.Average(), my = ry.Average();
        double cov = rx.Zip(ry).Sum(p => (p.First - mx) * (p.Second - my));
        return cov / Math.Sqrt(rx.Sum(v => (v - mx) * (v - mx)) * ry.Sum(v => (v - my) * (v - my)));
    }
}
