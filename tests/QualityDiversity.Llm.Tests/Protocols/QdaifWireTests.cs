using System.Text.RegularExpressions;
using QualityDiversity.Archives.Depth;
using QualityDiversity.Llm.Caching;
using QualityDiversity.Llm.Client;
using QualityDiversity.Llm.Protocols;
using QualityDiversity.Llm.Tests.Client;
using QualityDiversity.Testing;
using QualityDiversity.Text.Domains;
using QualityDiversity.Text.Genomes;
using QualityDiversity.Text.Scoring;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Llm.Tests.Protocols;

/// <summary>
/// What each protocol sends, pinned on the wire for every domain: prompts, stop sequences,
/// answer strings and parameters, through the real client against the loopback server.
/// </summary>
public sealed class QdaifWireTests
{
    // QDAIF's reference strings, written out here so that a change in the code cannot pass unnoticed.
    private const string OpinionHeader = "Here is a random opinion piece about eating vegetables and plant-based foods:";
    private const string StoryHeader = "Here is a random example of a fantasy story about a suspicious spy and a rich politician:";
    private const string OpinionQuality = "Determine whether or not the input text is closely related to the following topic: \"someone talking about whether or not they like to eat vegetables and plant-based foods as well as an explanation for their preferences\". Answer \"yes\" if it is about the topic, or \"no\" if it is not about the topic.";
    private const string OpinionSentiment = "Determine the sentiment of the given opinion on eating vegetables and plant-based foods (from the input text) by writing \"positive\" or \"negative\" in the output.";
    private const string StoryQuality = "Determine if the input text contains a high-quality short story containing two characters, a suspicious spy, and a rich politician. For example, a high-quality short story would have good flow, interesting plot, and not repeat similar sentences or undesired items such as titles and URLs. Answer \"yes\" if the input contains a high-quality short story about a suspicious spy and a rich politician, otherwise answer \"no\".";
    private const string StoryGenre = "Determine the genre of the given short story (from the input text) by writing \"horror\" or \"romance\" in the output.";
    private const string StoryEnding = "Determine the ending of the given short story (from the input text) by writing \"happy ending\" or \"tragedy\" in the output.";
    private const string PoemRating = "Rate the quality of the above poem on a scale from 1 to 10. Answer in JSON with the key 'quality'.";
    private const string PoemLabels = "What genre is this poem closest to from the following list: [\"haiku\", \"sonnet\", \"ballad\", \"limerick\", \"hymn\"]\nWhat tone is this poem closest to from the following list: [\"happy\", \"dark\", \"mysterious\", \"romantic\", \"reflective\"]\n\nRespond in JSON with the keys \"genre\" and \"tone\".";
    private static readonly string[] ReferenceStops =
        ["\n#", "\n##", "\n###", "###", "\n####", "\n#####", "####", "#####", "\n", "\n\n", "\n\n\n", "\n\n\n\n", "@@@", "#", "##", "\nHere", "\n\nHere"];

    private sealed record Run(LoopbackChatServer Server, GenerativeSearch Search, List<EvaluatedText> Rows, TextDomain Domain) : IAsyncDisposable
    {
        public IEnumerable<EvaluatedText> Evaluated => Rows.Where(r => r.Step > 0);

        public async ValueTask DisposeAsync() => await Server.DisposeAsync();
    }

    private static async Task<Run> RunAsync(string domainName, TextProtocol protocol, LlmApi api, int steps, string? variation = null, int initSteps = 50, bool zeroShot = false)
    {
        var server = await LoopbackChatServer.StartAsync(new SimulatedTextModel());
        var inner = new SemanticKernelLlmClient(SemanticKernelLlmClientTests.Options(server));
        var client = new CachingLlmClient(inner, LlmAnswerCache.InMemory(), 0.8, 100);
        var domain = QdaifDomains.ByName(domainName, null, protocol);
        var parts = TextSearchRecipe.Build(domain, client, client, new TextSearchRecipeOptions
        {
            Protocol = protocol,
            Generation = api,
            Variation = variation ?? (domain.IsCategorical ? "rewrite" : "near"),
            Steps = steps,
            BatchSize = 1,
            Seed = 4,
            InitMaxSteps = initSteps,
            InitMinCells = domain.IsCategorical ? 1 : 3,
            ZeroShot = zeroShot,
        });
        var archive = new CellDepthArchive<TextGenome>(TextArchives.Create(domain), 100, TextGenomeCodec.Instance);
        var search = new GenerativeSearch(archive, parts.Initial, parts.Variation, new ScoredTextEvaluator(parts.Quality, parts.MeasureJudges), parts.Seeds, parts.Settings);
        var rows = new List<EvaluatedText>();
        while (!search.IsDone) rows.AddRange((await search.StepAsync()).Rows);
        Assert.All(rows, r => Assert.True(r.Failure is null, r.Failure));
        return new Run(server, search, rows, domain);
    }

    private static string Judged(string instruction, string text) => $"### Instruction:\n{instruction}\n\n### Input:\n{text}\n\n### Response:";

    // The examples of a reference-layout prompt, checking the layout exactly.
    private static string[] ReferenceExamples(string prompt, string header)
    {
        var parts = prompt.Split("\n###\n");
        Assert.Equal(header, parts[^1]);
        var examples = parts[..^1].Select(p =>
        {
            Assert.StartsWith(header + " ", p);
            return p[(header.Length + 1)..];
        }).ToArray();
        Assert.Equal(prompt, string.Concat(examples.Select(e => $"{header} {e}\n###\n")) + header);
        return examples;
    }

    [Fact]
    public async Task Opinions_under_the_reference_protocol_continue_raw_text_and_score_whole_answers()
    {
        await using var run = await RunAsync("opinions", TextProtocol.Qdaif, LlmApi.Completions, steps: 3);
        Assert.Empty(run.Server.ChatRequests);
        Assert.Equal(run.Domain.Seeds, run.Rows.Where(r => r.Step == 0).Select(r => r.Text));
        Assert.All(run.Rows.Where(r => r.Step == 0), r => Assert.Equal(EvaluatedTextStatus.PromptExample, r.Status));

        var generations = run.Server.CompletionRequests.Where(r => !r.Echo).ToList();
        Assert.Equal(3, generations.Count); // one text per step
        foreach (var g in generations)
        {
            Assert.Equal(run.Domain.Seeds.Order(), ReferenceExamples(g.Prompt, OpinionHeader).Order());
            Assert.Equal(ReferenceStops, g.Stop);
            Assert.Equal((50, 0.8), (g.MaxTokens, g.Temperature));
            Assert.Null(g.Logprobs);
            Assert.Null(g.TopP);
            Assert.NotNull(g.Seed);
        }

        var texts = run.Evaluated.Select(r => r.Text!).ToList();
        Assert.All(texts, t => Assert.True(t.EndsWith('.') && !t.Contains('\n') && t == t.Trim(), t));
        var expected = texts.SelectMany(t => new[]
        {
            Judged(OpinionQuality, t) + " \nyes", Judged(OpinionQuality, t) + " \nno",
            Judged(OpinionSentiment, t) + " \npositive", Judged(OpinionSentiment, t) + " \nnegative",
        }).ToHashSet();
        var scored = run.Server.CompletionRequests.Where(r => r.Echo).ToList();
        Assert.Equal(expected, scored.Select(r => r.Prompt).ToHashSet());
        Assert.All(scored, r => Assert.Equal((0, 1, 0.0), (r.MaxTokens!.Value, r.Logprobs!.Value, r.Temperature!.Value)));
        Assert.All(run.Evaluated, r =>
        {
            Assert.Contains(new KeyValuePair<string, string>("quality.mode", "option_logprobs"), r.Annotations);
            Assert.Contains(new KeyValuePair<string, string>("sentiment.mode", "option_logprobs"), r.Annotations);
        });
        Assert.Equal(6, run.Search.JudgePaths["option_logprobs"]);
    }

    [Fact]
    public async Task Stories_under_the_reference_protocol_ask_the_reference_quality_and_the_papers_two_axes()
    {
        await using var run = await RunAsync("stories_genre_ending", TextProtocol.Qdaif, LlmApi.Completions, steps: 2);
        var generations = run.Server.CompletionRequests.Where(r => !r.Echo).ToList();
        Assert.Equal(2, generations.Count);
        Assert.All(generations, g =>
        {
            Assert.Equal(3, ReferenceExamples(g.Prompt, StoryHeader).Length);
            Assert.Equal(ReferenceStops, g.Stop);
            Assert.Equal((100, 0.8), (g.MaxTokens, g.Temperature));
        });
        var expected = run.Evaluated.Select(r => r.Text!).SelectMany(t => new[]
        {
            Judged(StoryQuality, t) + " \nyes", Judged(StoryQuality, t) + " \nno",
            Judged(StoryGenre, t) + " \nhorror", Judged(StoryGenre, t) + " \nromance",
            Judged(StoryEnding, t) + " \nhappy ending", Judged(StoryEnding, t) + " \ntragedy",
        }).ToHashSet();
        Assert.Equal(expected, run.Server.CompletionRequests.Where(r => r.Echo).Select(r => r.Prompt).ToHashSet());
        Assert.Equal(100, run.Search.Archive.CellCount);
    }

    [Fact]
    public async Task Poetry_under_the_reference_protocol_rewrites_its_seed_then_translates_elites_and_judges_in_json_at_the_generation_temperature()
    {
        await using var run = await RunAsync("poetry", TextProtocol.Qdaif, LlmApi.Chat, steps: 4, initSteps: 2);
        Assert.Empty(run.Server.CompletionRequests);
        string seed = Assert.Single(run.Domain.Seeds);
        var chats = run.Server.ChatRequests;
        Assert.All(chats, c => Assert.Equal(["user"], c.Messages.Select(m => m.Role)));
        Assert.All(chats, c => Assert.Equal((512, 1.1, 0.95), (c.MaxTokens!.Value, Math.Round(c.Temperature!.Value, 6), Math.Round(c.TopP!.Value, 6))));

        var write = new Regex("^" + Regex.Escape(seed + "\n") + @"Write a (happy|dark|mysterious|romantic|reflective) (haiku|sonnet|ballad|limerick|hymn) poem of very high, award winning quality\.\n$");
        var translate = new Regex(@"\nTranslate this (?<from>haiku|sonnet|ballad|limerick|hymn) poem into a (happy|dark|mysterious|romantic|reflective) (haiku|sonnet|ballad|limerick|hymn) poem of very high, award winning quality\.\n$");
        var steps = run.Evaluated.ToList();
        Assert.Equal(["rewrite_seed", "rewrite_seed", "rewrite", "rewrite"], steps.Select(r => r.Operator));
        Assert.Equal(2, chats.Count(c => write.IsMatch(c.LastUserMessage)));
        var translations = chats.Where(c => translate.IsMatch(c.LastUserMessage)).ToList();
        Assert.Equal(2, translations.Count);
        // The poem comes first and its judged genre is named.
        var genres = new[] { "haiku", "sonnet", "ballad", "limerick", "hymn" };
        foreach (var t in translations)
        {
            var poem = t.LastUserMessage[..t.LastUserMessage.IndexOf("\nTranslate this", StringComparison.Ordinal)];
            var parent = run.Rows.Single(r => r.Text == poem);
            Assert.Equal(genres[(int)parent.Measures[0]], translate.Match(t.LastUserMessage).Groups["from"].Value);
        }
        foreach (var poem in steps.Select(r => r.Text!))
        {
            Assert.Contains(chats, c => c.LastUserMessage == $"{poem}\n{PoemRating}\n");
            Assert.Contains(chats, c => c.LastUserMessage == $"{poem}\n{PoemLabels}\n");
        }
        Assert.All(steps, r => Assert.Equal(2, r.Measures.Count));
        Assert.Equal(4 * 2 + 4, chats.Count); // one generation and two judgments (quality; genre and tone together) per step
    }

    [Fact]
    public async Task A_zero_shot_reference_start_asks_five_bare_headers_then_draws_few_shot_prompts_from_them()
    {
        await using var run = await RunAsync("opinions", TextProtocol.Qdaif, LlmApi.Completions, steps: 2, zeroShot: true);
        var generations = run.Server.CompletionRequests.Where(r => !r.Echo).ToList();
        Assert.Equal(7, generations.Count);
        Assert.All(generations.Take(5), g => Assert.Equal(OpinionHeader, g.Prompt));
        var pool = run.Rows.Where(r => r.Step == 0).ToList();
        Assert.Equal(5, pool.Count);
        Assert.All(pool, r => Assert.Equal(EvaluatedTextStatus.PromptExample, r.Status));
        Assert.DoesNotContain(run.Rows, r => r.Text is not null && run.Domain.Seeds.Contains(r.Text));
        foreach (var g in generations.Skip(5))
            Assert.Subset(pool.Select(r => r.Text!).ToHashSet(), ReferenceExamples(g.Prompt, OpinionHeader).ToHashSet());
    }

    [Fact]
    public async Task The_chat_protocol_keeps_the_instruction_the_separator_stop_and_the_one_word_answer()
    {
        await using var run = await RunAsync("opinions", TextProtocol.Chat, LlmApi.Chat, steps: 2);
        Assert.Empty(run.Server.CompletionRequests);
        var seeds = run.Rows.Where(r => r.Step == 0).ToList();
        Assert.Equal(3, seeds.Count);
        Assert.All(seeds, r => Assert.NotEqual(EvaluatedTextStatus.PromptExample, r.Status)); // seeds are evaluated and archived
        var generations = run.Server.ChatRequests.Where(c => c.Messages.Count == 2).ToList();
        Assert.Equal(2, generations.Count);
        foreach (var g in generations)
        {
            Assert.Equal("system", g.Messages[0].Role);
            Assert.StartsWith("You continue documents.", g.Messages[0].Content);
            Assert.EndsWith("\n###\n" + OpinionHeader + "\n", g.LastUserMessage);
            Assert.StartsWith(OpinionHeader + "\n", g.LastUserMessage);
            Assert.Equal(["###"], g.Stop);
            Assert.Equal(50, g.MaxTokens);
        }
        string text = run.Evaluated.First().Text!;
        var judge = run.Server.ChatRequests.Single(c => c.LastUserMessage ==
            $"### Instruction:\nWhat is the sentiment of this opinion about eating vegetables and plant-based foods?\nAnswer with exactly one word: positive or negative.\n\n### Input:\n{text}\n\n### Response:\n");
        Assert.Equal((true, 20, 0.0), (judge.Logprobs!.Value, judge.TopLogprobs!.Value, judge.Temperature!.Value));
    }

    [Fact]
    public async Task The_reference_protocol_on_a_chat_model_sends_the_reference_prompts_as_messages_and_reads_the_first_token()
    {
        await using var run = await RunAsync("opinions", TextProtocol.Qdaif, LlmApi.Chat, steps: 2);
        Assert.Empty(run.Server.CompletionRequests);
        var generations = run.Server.ChatRequests.Where(c => c.Messages.Count == 2).ToList();
        Assert.Equal(2, generations.Count);
        Assert.All(generations, g =>
        {
            Assert.Equal(3, ReferenceExamples(g.LastUserMessage, OpinionHeader).Length);
            Assert.Equal(ReferenceStops.Take(4), g.Stop); // the chat route carries at most four
        });
        string text = run.Evaluated.First().Text!;
        var judge = run.Server.ChatRequests.Single(c => c.LastUserMessage == Judged(OpinionSentiment, text));
        Assert.Equal((true, 20), (judge.Logprobs!.Value, judge.TopLogprobs!.Value));
        Assert.All(run.Evaluated, r => Assert.Contains(new KeyValuePair<string, string>("sentiment.mode", "logprobs"), r.Annotations));
    }
}
