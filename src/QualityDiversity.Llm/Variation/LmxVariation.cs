using QualityDiversity.Llm.Client;
using QualityDiversity.Text.Search;
using QualityDiversity.Text.Selection;

namespace QualityDiversity.Llm.Variation;

/// <summary>
/// Language-model crossover (LMX): the prompt lists the chosen examples, each after the domain
/// header and followed by a separator line, and ends with the header alone, so the model writes
/// one more example. The completion is cut at the separator or a repeated header. Which
/// examples are shown is up to the <see cref="IFewShotSelector"/>: near elites (LMX-Near, the
/// QDAIF default), a replace lineage, seeds (initialisation and fixed/shuffled baselines), or
/// history pools (random-search and quality-only baselines). With no examples the prompt is
/// zero-shot.
/// </summary>
public sealed class LmxVariation : ITextVariation
{
    /// <summary>The separator line between examples.</summary>
    public const string Separator = "###";

    private const string SystemInstruction =
        "You continue documents. The user shows several examples, each after the same heading, and ends with the heading alone. " +
        "Write exactly one new example that fits the heading, in the same style and length. Output only the example itself.";

    private readonly ILlmClient _client;
    private readonly IFewShotSelector _selector;

    /// <summary>Creates the operator.</summary>
    /// <param name="client">The generating model.</param>
    /// <param name="selector">Chooses the examples.</param>
    /// <param name="header">The domain header, e.g. "Here is a random opinion piece about eating vegetables:".</param>
    /// <param name="temperature">Sampling temperature (QDAIF: 0.8).</param>
    /// <param name="maxTokens">Completion limit (QDAIF: 50 for opinions, 100 for stories).</param>
    public LmxVariation(ILlmClient client, IFewShotSelector selector, string header, double temperature = 0.8, int maxTokens = 100)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentException.ThrowIfNullOrWhiteSpace(header);
        if (!(temperature >= 0 && temperature <= 2)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "temperature must be in [0, 2].");
        if (maxTokens < 1) throw new ArgumentOutOfRangeException(nameof(maxTokens), maxTokens, "max_tokens must be at least 1.");
        _client = client;
        _selector = selector;
        Header = header.Trim();
        Temperature = temperature;
        MaxTokens = maxTokens;
    }

    /// <inheritdoc />
    public string Name => $"lmx_{_selector.Name}";

    /// <summary>The domain header.</summary>
    public string Header { get; }

    /// <summary>Sampling temperature.</summary>
    public double Temperature { get; }

    /// <summary>Completion limit.</summary>
    public int MaxTokens { get; }

    /// <summary>The example selector.</summary>
    public IFewShotSelector Selector => _selector;

    /// <inheritdoc />
    public TextVariationRequest Prepare(TextVariationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var selection = _selector.Select(context);
        return new TextVariationRequest(selection.ParentIds, BuildPrompt(selection.Examples.Select(e => e.Text)), context.CallTag);
    }

    /// <summary>The LMX prompt for the given examples.</summary>
    public string BuildPrompt(IEnumerable<string> examples)
    {
        var prompt = new System.Text.StringBuilder();
        foreach (var example in examples)
            prompt.Append(Header).Append('\n').Append(example.Trim()).Append('\n').Append(Separator).Append('\n');
        prompt.Append(Header).Append('\n');
        return prompt.ToString();
    }

    /// <inheritdoc />
    public async Task<TextVariationOutcome> GenerateAsync(TextVariationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await _client.CompleteAsync(new LlmRequest
        {
            Messages = [ChatTurn.System(SystemInstruction), ChatTurn.User(request.Prompt)],
            Temperature = Temperature,
            MaxTokens = MaxTokens,
            Stop = [Separator],
            CallTag = request.CallTag,
            Seed = StableSeed(request.CallTag),
            Purpose = "variation",
        }, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded) return TextVariationOutcome.Failed(result.Failure!);
        string text = Completion.CutAt(result.Answer!.Text, Separator, Header);
        if (text.Length == 0) return TextVariationOutcome.Failed($"The completion was empty after cutting at the separator: '{Completion.Shorten(result.Answer.Text)}'.");
        return TextVariationOutcome.Produced(text, [new("variation.finish", result.Answer.FinishReason ?? "")]);
    }

    /// <summary>A seed for endpoints with reproducible sampling, derived from the call tag (FNV-1a).</summary>
    public static long StableSeed(string tag)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in tag) hash = (hash ^ c) * 1099511628211UL;
        return (long)(hash & 0x7FFF_FFFF);
    }
}
