namespace QualityDiversity.Text.Domains;

/// <summary>
/// The QDAIF text domains: opinions (sentiment), stories (genre, ending, and genre x ending) and
/// poetry (genre x tone, categorical), each in two wordings (<see cref="TextProtocol"/>): this
/// project's paraphrases for chat models, or QDAIF's reference wording. Headers follow the
/// paper's form; topics are configurable; seed texts are this project's own.
/// </summary>
public static class QdaifDomains
{
    /// <summary>The default opinions topic.</summary>
    public const string DefaultTopic = "eating vegetables and plant-based foods";

    /// <summary>The default story characters.</summary>
    public const string DefaultCharacters = "a suspicious spy and a rich politician";

    /// <summary>Names accepted by <see cref="ByName"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["opinions", "stories_genre", "stories_ending", "stories_genre_ending", "poetry", "prompts"];

    /// <summary>Names of the domains QDAIF's reference protocol covers.</summary>
    public static IReadOnlyList<string> QdaifNames { get; } = ["opinions", "stories_genre", "stories_ending", "stories_genre_ending", "poetry"];

    /// <summary>The domain called <paramref name="name"/>, with an optional topic (opinions), characters (stories), subject (poetry) or goal (prompts), worded for <paramref name="protocol"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name, or a domain the protocol does not cover.</exception>
    public static TextDomain ByName(string name, string? topic = null, TextProtocol protocol = TextProtocol.Chat)
    {
        if (protocol == TextProtocol.Qdaif && name == "prompts")
            throw new ArgumentException("The 'prompts' domain is not one of QDAIF's; use protocol 'chat' for it.", nameof(protocol));
        return name switch
        {
            "opinions" => Opinions(topic ?? DefaultTopic, protocol),
            "stories_genre" => Stories(topic ?? DefaultCharacters, genre: true, ending: false, protocol),
            "stories_ending" => Stories(topic ?? DefaultCharacters, genre: false, ending: true, protocol),
            "stories_genre_ending" => Stories(topic ?? DefaultCharacters, genre: true, ending: true, protocol),
            "poetry" => Poetry(topic, protocol),
            "prompts" => PromptDomains.Prompts(topic),
            _ => throw new ArgumentException($"Unknown text domain '{name}'; known: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>Opinion pieces about <paramref name="topic"/>; one axis: sentiment (P(positive)).</summary>
    public static TextDomain Opinions(string topic, TextProtocol protocol = TextProtocol.Chat)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        bool reference = protocol == TextProtocol.Qdaif;
        // The reference's quality question names its topic in its own words; other topics follow its pattern.
        string subject = topic == DefaultTopic
            ? "someone talking about whether or not they like to eat vegetables and plant-based foods as well as an explanation for their preferences"
            : $"someone talking about whether or not they like {topic} as well as an explanation for their preferences";
        return new TextDomain
        {
            Name = "opinions",
            Protocol = protocol,
            Header = $"Here is a random opinion piece about {topic}:",
            Seeds = topic == DefaultTopic ? OpinionSeeds : [],
            Quality = new TextQuality
            {
                Question = reference
                    ? $"Determine whether or not the input text is closely related to the following topic: \"{subject}\". Answer \"yes\" if it is about the topic, or \"no\" if it is not about the topic."
                    : $"Is this text an opinion piece about {topic}? Answer yes or no.",
                Description = $"An opinion piece about {topic}.",
            },
            Axes =
            [
                new TextAxis
                {
                    Name = "sentiment",
                    Question = reference
                        ? $"Determine the sentiment of the given opinion on {topic} (from the input text) by writing \"positive\" or \"negative\" in the output."
                        : $"What is the sentiment of this opinion about {topic}?",
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
    public static TextDomain Stories(string characters, bool genre, bool ending, TextProtocol protocol = TextProtocol.Chat)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(characters);
        if (!genre && !ending) throw new ArgumentException("A story domain needs the genre axis, the ending axis or both.");
        bool reference = protocol == TextProtocol.Qdaif;
        var edges = genre && ending ? QdaifBins.TwoAxes : QdaifBins.OneAxis;
        var axes = new List<TextAxis>();
        // The public reference code has no genre or ending question: these follow the paper's
        // axes (horror vs romance, happy ending vs tragedy) in the reference's instruction pattern.
        if (genre)
            axes.Add(new TextAxis
            {
                Name = "genre",
                Question = reference
                    ? "Determine the genre of the given short story (from the input text) by writing \"horror\" or \"romance\" in the output."
                    : "Is this story closer to horror or to romance?",
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
                Question = reference
                    ? "Determine the ending of the given short story (from the input text) by writing \"happy ending\" or \"tragedy\" in the output."
                    : "Does this story have a happy ending or a tragic ending?",
                FirstOption = reference ? "happy ending" : "happy",
                SecondOption = reference ? "tragedy" : "tragic",
                Edges = edges,
                FirstDescription = "A story that ends happily, with everyone safe and content.",
                SecondDescription = "A story that ends in tragedy, with loss and death.",
            });
        string name = genre && ending ? "stories_genre_ending" : genre ? "stories_genre" : "stories_ending";
        string who = characters == DefaultCharacters ? "two characters, a suspicious spy, and a rich politician" : characters;
        return new TextDomain
        {
            Name = name,
            Protocol = protocol,
            Header = $"Here is a random example of a fantasy story about {characters}:",
            Seeds = characters == DefaultCharacters ? StorySeeds : [],
            Quality = new TextQuality
            {
                Question = reference
                    ? $"Determine if the input text contains a high-quality short story containing {who}. For example, a high-quality short story would have good flow, interesting plot, and not repeat similar sentences or undesired items such as titles and URLs. Answer \"yes\" if the input contains a high-quality short story about {characters}, otherwise answer \"no\"."
                    : $"Is this a high-quality short story about {characters}? Answer yes or no.",
                Description = $"A well-written short fantasy story about {characters}.",
            },
            Axes = axes,
            MaxTokens = 100,
        };
    }

    /// <summary>Poems on a 5 x 5 categorical archive of genre x tone, rated 1–10, varied by rewriting.</summary>
    public static TextDomain Poetry(string? subject = null, TextProtocol protocol = TextProtocol.Chat)
    {
        string[] genres = ["haiku", "sonnet", "ballad", "limerick", "hymn"], tones = ["happy", "dark", "mysterious", "romantic", "reflective"];
        if (protocol == TextProtocol.Qdaif)
        {
            // The reference (OpenELM's poetry environment): one seed poem, a chat model sampled at
            // temperature 1.1 and top_p 0.95 for up to 512 tokens, judging with the same settings.
            return new TextDomain
            {
                Name = "poetry",
                Protocol = protocol,
                Header = subject is null ? "Here is a poem:" : $"Here is a poem about {subject}:",
                Seeds = [PoetrySeeds[0]],
                Quality = new TextQuality
                {
                    Question = "Rate the quality of the above poem on a scale from 1 to 10. Answer in JSON with the key 'quality'.",
                    Rating = true,
                    JsonKey = "quality",
                    Description = "A beautiful, original poem with vivid imagery and careful rhythm.",
                },
                Axes =
                [
                    new TextAxis { Name = "genre", Question = "What genre is this poem closest to from the following list:", Labels = genres },
                    new TextAxis { Name = "tone", Question = "What tone is this poem closest to from the following list:", Labels = tones },
                ],
                MaxTokens = 512,
                Temperature = 1.1,
                TopP = 0.95,
                JudgeSamplesLikeGeneration = true,
                RewriteTemplate = "Translate this {from:0} poem into a {to:1} {to:0} poem of very high, award winning quality.",
                InitialRewriteTemplate = subject is null
                    ? "Write a {to:1} {to:0} poem of very high, award winning quality."
                    : $"Write a {{to:1}} {{to:0}} poem about {subject} of very high, award winning quality.",
            };
        }
        return new TextDomain
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
                new TextAxis { Name = "genre", Question = "Which genre is this poem?", Labels = genres },
                new TextAxis { Name = "tone", Question = "Which tone does this poem have?", Labels = tones },
            ],
            MaxTokens = 200,
            Temperature = 1.1,
            RewriteTemplate = "Rewrite this {from:0} poem as a {to:1} {to:0} poem of very high quality.",
        };
    }

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
