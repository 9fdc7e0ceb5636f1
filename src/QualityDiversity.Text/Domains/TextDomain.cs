namespace QualityDiversity.Text.Domains;

/// <summary>
/// A text-generation domain: the header that prompts for a text, seed examples, how quality is
/// judged and the measure axes. The same domain runs with a language model (QDAIF) or offline
/// with the embedding model.
/// </summary>
public sealed record TextDomain
{
    /// <summary>Domain name (e.g. "opinions").</summary>
    public required string Name { get; init; }

    /// <summary>The header written before every example, e.g. "Here is a random opinion piece about eating vegetables:".</summary>
    public required string Header { get; init; }

    /// <summary>Hand-written seed texts (may be empty for zero-shot initialisation).</summary>
    public IReadOnlyList<string> Seeds { get; init; } = [];

    /// <summary>How quality is judged.</summary>
    public required TextQuality Quality { get; init; }

    /// <summary>The measure axes; all binary or all categorical.</summary>
    public required IReadOnlyList<TextAxis> Axes { get; init; }

    /// <summary>Completion limit for generated texts (QDAIF: 50 for opinions, 100 for stories).</summary>
    public int MaxTokens { get; init; } = 100;

    /// <summary>Sampling temperature of variation (QDAIF: 0.8; 1.1 for rewrites).</summary>
    public double Temperature { get; init; } = 0.8;

    /// <summary>
    /// Rewrite instruction for categorical domains, with <c>{from:k}</c> / <c>{to:k}</c>
    /// placeholders for axis k; null when the domain uses crossover only.
    /// </summary>
    public string? RewriteTemplate { get; init; }

    /// <summary>
    /// Instruction that initialises a categorical domain by rewriting a seed toward random
    /// labels (<c>{to:k}</c> only), as QDAIF's poetry reference starts; null initialises by crossover.
    /// </summary>
    public string? InitialRewriteTemplate { get; init; }

    /// <summary>Which protocol the wording follows.</summary>
    public TextProtocol Protocol { get; init; } = TextProtocol.Chat;

    /// <summary>Nucleus sampling mass of generation; null sends none (QDAIF's poetry reference: 0.95).</summary>
    public double? TopP { get; init; }

    /// <summary>
    /// Whether JSON judges (ratings, labels) sample as generation does (temperature, top_p and
    /// token limit), as QDAIF's poetry reference judges with its one model configuration;
    /// otherwise they answer deterministically.
    /// </summary>
    public bool JudgeSamplesLikeGeneration { get; init; }

    /// <summary>
    /// Prompt evolution: when non-empty, each text is a prompt, and it is scored by running it
    /// on these tasks and judging the answers (quality and measures) rather than the prompt.
    /// </summary>
    public IReadOnlyList<string> PromptTasks { get; init; } = [];

    /// <summary>Whether the texts are prompts evaluated on <see cref="PromptTasks"/>.</summary>
    public bool EvolvesPrompts => PromptTasks.Count > 0;

    /// <summary>Whether every axis is categorical.</summary>
    public bool IsCategorical => Axes.Count > 0 && Axes.All(a => a.IsCategorical);

    /// <summary>Checks the domain.</summary>
    /// <exception cref="ArgumentException">The domain is inconsistent; the message names the problem.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("A text domain needs a name.");
        if (string.IsNullOrWhiteSpace(Header)) throw new ArgumentException($"Domain '{Name}' needs a header.");
        if (Quality is null) throw new ArgumentException($"Domain '{Name}' needs a quality definition.");
        if (Axes is null || Axes.Count == 0) throw new ArgumentException($"Domain '{Name}' needs at least one measure axis.");
        foreach (var axis in Axes) axis.Validate();
        if (Axes.Any(a => a.IsCategorical) && !IsCategorical)
            throw new ArgumentException($"Domain '{Name}' mixes binary and categorical axes; use one kind.");
        if (Seeds.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException($"Domain '{Name}' has an empty seed text.");
        if (MaxTokens < 1) throw new ArgumentException($"Domain '{Name}': max_tokens must be at least 1.");
        if (PromptTasks.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException($"Domain '{Name}' has an empty prompt task.");
    }
}
