namespace QualityDiversity.Text.Domains;

/// <summary>
/// The QDAIF text domains: opinions (sentiment), stories (genre, ending, and genre x ending) and
/// poetry (genre x tone, categorical). Headers follow the paper's form; topics are configurable;
/// seed texts are this project's own.
/// </summary>
public static class QdaifDomains
{
    /// <summary>Names accepted by <see cref="ByName"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["opinions", "stories_genre", "stories_ending", "stories_genre_ending", "poetry", "prompts"];

    /// <summary>The domain called <paramref name="name"/>, with an optional topic (opinions), characters (stories), subject (poetry) or goal (prompts).</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static TextDomain ByName(string name, string? topic = null) => name switch
    {
        "opinions" => Opinions(topic ?? "eating vegetables and plant-based foods"),
        "stories_genre" => Stories(topic ?? "a suspicious spy and a rich politician", genre: true, ending: false),
        "stories_ending" => Stories(topic ?? "a suspicious spy and a rich politician", genre: false, ending: true),
        "stories_genre_ending" => Stories(topic ?? "a suspicious spy and a rich politician", genre: true, ending: true),
        "poetry" => Poetry(topic),
        "prompts" => PromptDomains.Prompts(topic),
        _ => throw new ArgumentException($"Unknown text domain '{name}'; known: {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>Opinion pieces about <paramref name="topic"/>; one axis: sentiment (P(positive)).</summary>
    public static TextDomain Opinions(string topic)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        return new TextDomain
        {
            Name = "opinions",
            Header = $"Here is a random opinion piece about {topic}:",
            Seeds = topic == "eating vegetables and plant-based foods" ? OpinionSeeds : [],
            Quality = new TextQuality
            {
                Question = $"Is this text an opinion piece about {topic}? Answer yes or no.",
                Description = $"An opinion piece about {topic}.",
            },
            Axes =
            [
                new TextAxis
                {
                    Name = "sentiment",
                    Question = $"What is the sentiment of this opinion about {topic}?",
                    FirstOption = "positive",
                    SecondOption = "negative",
                    Edges = QdaifBins.OneAxis,
                    FirstDescription = $"An enthusiastic, positive opinion praising {topic}.",
                    SecondDescription = $"A critical, negative opinion complaining about {topic}.",
                },
            ],
            MaxTokens = 50,
        };
    }

    /// <summary>Short stories about <paramref name="characters"/>; axes: genre (P(horror) vs romance) and/or ending (P(happy) vs tragic).</summary>
    public static TextDomain Stories(string characters, bool genre, bool ending)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(characters);
        if (!genre && !ending) throw new ArgumentException("A story domain needs the genre axis, the ending axis or both.");
        var edges = genre && ending ? QdaifBins.TwoAxes : QdaifBins.OneAxis;
        var axes = new List<TextAxis>();
        if (genre)
            axes.Add(new TextAxis
            {
                Name = "genre",
                Question = "Is this story closer to horror or to romance?",
                FirstOption = "horror",
                SecondOption = "romance",
                Edges = edges,
                FirstDescription = "A frightening horror story full of dread and menace.",
                SecondDescription = "A tender romance story about falling in love.",
            });
        if (ending)
            axes.Add(new TextAxis
            {
                Name = "ending",
                Question = "Does this story have a happy ending or a tragic ending?",
                FirstOption = "happy",
                SecondOption = "tragic",
                Edges = edges,
                FirstDescription = "A story that ends happily, with everyone safe and content.",
                SecondDescription = "A story that ends in tragedy, with loss and death.",
            });
        string name = genre && ending ? "stories_genre_ending" : genre ? "stories_genre" : "stories_ending";
        return new TextDomain
        {
            Name = name,
            Header = $"Here is a random example of a fantasy story about {characters}:",
            Seeds = characters == "a suspicious spy and a rich politician" ? StorySeeds : [],
            Quality = new TextQuality
            {
                Question = $"Is this a high-quality short story about {characters}? Answer yes or no.",
                Description = $"A well-written short fantasy story about {characters}.",
            },
            Axes = axes,
            MaxTokens = 100,
        };
    }

    /// <summary>Poems on a 5 x 5 categorical archive of genre x tone, rated 1–10, varied by rewriting.</summary>
    public static TextDomain Poetry(string? subject = null) => new()
    {
        Name = "poetry",
        Header = subject is null ? "Here is a poem:" : $"Here is a poem about {subject}:",
        Seeds = PoetrySeeds,
        Quality = new TextQuality
        {
            Question = "How good is this poem, considering its imagery, rhythm and originality?",
            Rating = true,
            Description = "A beautiful, original poem with vivid imagery and careful rhythm.",
        },
        Axes =
        [
            new TextAxis { Name = "genre", Question = "Which genre is this poem?", Labels = ["haiku", "sonnet", "ballad", "limerick", "hymn"] },
            new TextAxis { Name = "tone", Question = "Which tone does this poem have?", Labels = ["happy", "dark", "mysterious", "romantic", "reflective"] },
        ],
        MaxTokens = 200,
        Temperature = 1.1,
        RewriteTemplate = "Rewrite this {from:0} poem as a {to:1} {to:0} poem of very high quality.",
    };

    private static readonly string[] OpinionSeeds =
    [
        "A plate full of roasted carrots, beans and greens leaves me more energetic than any burger ever did. Plant-based meals are cheap, filling and good for the planet.",
        "I tried going vegan for a month and honestly hated it. Every meal felt like a chore, I was hungry all the time, and tofu never tasted like anything.",
        "Vegetables are fine as a side dish, but I do not see why anyone would build a whole diet around them. Balance matters more than labels.",
    ];

    private static readonly string[] StorySeeds =
    [
        "The spy had followed the politician through three cities before he noticed the gold ring glowing in the dark. When the politician finally turned to face him, he smiled, and the spy realised he had been the one being hunted all along.",
        "At the masked ball, the rich politician asked the stranger in grey to dance. She was a spy sent to steal his secrets, but by midnight she had burned the orders and they escaped the palace together on a winged horse.",
        "The politician paid the spy in cursed coins. Each night the spy grew paler, and when the last coin was spent, the politician's tower fell silent forever, its master found turned to stone.",
    ];

    private static readonly string[] PoetrySeeds =
    [
        "Morning frost on reeds —\na heron lifts, and the pond\nkeeps its silver hush.",
        "There once was a cook from Peru\nwho boiled every shoe in a stew;\nshe served it with rice\nand said it was nice,\nbut nobody asked her for two.",
        "Beneath the hill where old oaks grow,\nthe river sings of long ago,\nof lovers lost and lanterns bright,\nthat drifted off into the night.",
    ];
}
