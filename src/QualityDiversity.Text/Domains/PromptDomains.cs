namespace QualityDiversity.Text.Domains;

/// <summary>
/// Prompt evolution: the genome is a system prompt; its quality is how well a model answers a
/// small task set under it (judged), and its measures describe those answers (style and
/// length, judged), so the archive holds good prompts that make the model behave differently.
/// </summary>
public static class PromptDomains
{
    /// <summary>The default goal.</summary>
    public const string DefaultGoal = "explains science to curious children";

    /// <summary>System prompts for an assistant that <paramref name="goal"/>, tested on <paramref name="tasks"/> (three science questions by default).</summary>
    public static TextDomain Prompts(string? goal = null, IReadOnlyList<string>? tasks = null)
    {
        goal ??= DefaultGoal;
        return new TextDomain
        {
            Name = "prompts",
            Header = $"Here is a system prompt for an assistant that {goal}:",
            Seeds = goal == DefaultGoal ? Seeds : [],
            PromptTasks = tasks ?? ["Why is the sky blue?", "How do plants make their food?", "What makes thunder so loud?"],
            Quality = new TextQuality
            {
                Question = $"Is this answer correct, clear and suitable for an assistant that {goal}? Answer yes or no.",
                Description = $"A clear, correct answer from an assistant that {goal}.",
            },
            Axes =
            [
                new TextAxis
                {
                    Name = "style",
                    Question = "Is the style of this answer playful or formal?",
                    FirstOption = "playful",
                    SecondOption = "formal",
                    Edges = QdaifBins.TwoAxes,
                    FirstDescription = "A playful, imaginative answer full of jokes and stories.",
                    SecondDescription = "A formal, precise answer in textbook language.",
                },
                new TextAxis
                {
                    Name = "length",
                    Question = "Is this answer brief or detailed?",
                    FirstOption = "detailed",
                    SecondOption = "brief",
                    Edges = QdaifBins.TwoAxes,
                    FirstDescription = "A long, detailed answer that explains every step.",
                    SecondDescription = "A very short answer of one sentence.",
                },
            ],
            MaxTokens = 120,
        };
    }

    private static readonly string[] Seeds =
    [
        "You are a friendly science guide for children aged eight to twelve. Answer in short, simple sentences and use one everyday comparison.",
        "You are a patient teacher. Explain the science step by step, define every new word, and end with a question the child can think about.",
        "You are a storyteller who explains science through tiny adventures. Keep it accurate, make it fun, and keep answers under one hundred words.",
    ];
}
