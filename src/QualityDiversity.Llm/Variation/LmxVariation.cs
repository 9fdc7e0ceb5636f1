using QualityDiversity.Llm.Client;
using QualityDiversity.Persistence;
using QualityDiversity.Text.Search;
using QualityDiversity.Text.Selection;

namespace QualityDiversity.Llm.Variation;

/// <summary>
/// Language-model crossover (LMX): the prompt lists the chosen examples, each after the domain
/// header and followed by a separator line, and ends with the header alone, so the model writes
/// one more example; the completion is cleaned as <see cref="LmxOptions.Style"/> says. Which
/// examples are shown is up to the <see cref="IFewShotSelector"/>: near elites (LMX-Near, the
/// QDAIF default), a replace lineage, a prompt pool (QDAIF's initialisation), seeds (fixed and
/// shuffled baselines), or history pools (random-search and quality-only baselines). With no
/// examples the prompt is zero-shot. The selector's state, if it keeps any, is checkpointed
/// with the operator.
/// </summary>
public sealed class LmxVariation : ITextVariation, ICheckpointable
{
    /// <summary>The separator line between examples.</summary>
    public const string Separator = "###";

    /// <summary>
    /// QDAIF's reference stop sequences for generation, in its order: runs of '#' with and
    /// without a line break before them, line breaks, "@@@" and a new "Here" header.
    /// </summary>
    public static IReadOnlyList<string> ReferenceStops { get; } =
        ["\n#", "\n##", "\n###", "###", "\n####", "\n#####", "####", "#####", "\n", "\n\n", "\n\n\n", "\n\n\n\n", "@@@", "#", "##", "\nHere", "\n\nHere"];

    private const string SystemInstruction =
        "You continue documents. The user shows several examples, each after the same heading, and ends with the heading alone. " +
        "Write exactly one new example that fits the heading, in the same style and length. Output only the example itself.";

    private readonly ILlmClient _client;
    private readonly IFewShotSelector _selector;

    /// <summary>Creates the operator in the chat layout.</summary>
    /// <param name="client">The generating model.</param>
    /// <param name="selector">Chooses the examples.</param>
    /// <param name="header">The domain header, e.g. "Here is a random opinion piece about eating vegetables:".</param>
    /// <param name="temperature">Sampling temperature (QDAIF: 0.8).</param>
    /// <param name="maxTokens">Completion limit (QDAIF: 50 for opinions, 100 for stories).</param>
    public LmxVariation(ILlmClient client, IFewShotSelector selector, string header, double temperature = 0.8, int maxTokens = 100)
        : this(client, selector, header, new LmxOptions(), temperature, maxTokens)
    {
    }

    /// <summary>Creates the operator.</summary>
    /// <param name="client">The generating model.</param>
    /// <param name="selector">Chooses the examples.</param>
    /// <param name="header">The domain header.</param>
    /// <param name="options">Layout, route, stop sequences and retries.</param>
    /// <param name="temperature">Sampling temperature.</param>
    /// <param name="maxTokens">Completion limit.</param>
    public LmxVariation(ILlmClient client, IFewShotSelector selector, string header, LmxOptions options, double temperature = 0.8, int maxTokens = 100)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentException.ThrowIfNullOrWhiteSpace(header);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!(temperature >= 0 && temperature <= 2)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "temperature must be in [0, 2].");
        if (maxTokens < 1) throw new ArgumentOutOfRangeException(nameof(maxTokens), maxTokens, "max_tokens must be at least 1.");
        _client = client;
        _selector = selector;
        Header = header.Trim();
        Options = options;
        Temperature = temperature;
        MaxTokens = maxTokens;
    }

    /// <inheritdoc />
    public string Name => $"lmx_{_selector.Name}";

    /// <summary>The domain header.</summary>
    public string Header { get; }

    /// <summary>Layout, route, stop sequences and retries.</summary>
    public LmxOptions Options { get; }

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
        {
            if (Options.Style == LmxStyle.Reference)
                prompt.Append(Header).Append(' ').Append(example.Trim()).Append('\n').Append(Separator).Append('\n');
            else
                prompt.Append(Header).Append('\n').Append(example.Trim()).Append('\n').Append(Separator).Append('\n');
        }
        prompt.Append(Header);
        if (Options.Style == LmxStyle.Chat) prompt.Append('\n');
        return prompt.ToString();
    }

    /// <summary>The text kept from a completion: cut, trimmed and (reference style) ended with a full stop; empty when nothing is left.</summary>
    public string Clean(string completion) => Options.Style == LmxStyle.Reference
        ? Completion.OneParagraph(completion, Options.Stop)
        : Completion.CutAt(completion, Separator, Header);

    /// <inheritdoc />
    public async Task<TextVariationOutcome> GenerateAsync(TextVariationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string last = "";
        for (int attempt = 0; attempt <= Options.EmptyRetries; attempt++)
        {
            // A retry is another sample: its own call tag (and seed), so the cache does not hand back the empty one.
            string tag = attempt == 0 ? request.CallTag : $"{request.CallTag};retry={attempt}";
            var result = await _client.CompleteAsync(new LlmRequest
            {
                Messages = Options.Api == LlmApi.Chat ? [ChatTurn.System(SystemInstruction), ChatTurn.User(request.Prompt)] : [],
                Prompt = Options.Api == LlmApi.Completions ? request.Prompt : null,
                Temperature = Temperature,
                MaxTokens = MaxTokens,
                Stop = Options.Stop,
                CallTag = tag,
                Seed = StableSeed(tag),
                Purpose = "variation",
            }, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded) return TextVariationOutcome.Failed(result.Failure!);
            last = result.Answer!.Text;
            string text = Clean(last);
            if (text.Length > 0)
            {
                var annotations = new List<KeyValuePair<string, string>> { new("variation.finish", result.Answer.FinishReason ?? "") };
                if (attempt > 0) annotations.Add(new("variation.attempts", (attempt + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                return TextVariationOutcome.Produced(text, annotations);
            }
        }
        string tries = Options.EmptyRetries == 0 ? "" : $" after {Options.EmptyRetries + 1} attempts";
        return TextVariationOutcome.Failed($"The completion was empty after cleaning{tries}: '{Completion.Shorten(last)}'.");
    }

    /// <summary>A seed for endpoints with reproducible sampling, derived from the call tag (FNV-1a).</summary>
    public static long StableSeed(string tag)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in tag) hash = (hash ^ c) * 1099511628211UL;
        return (long)(hash & 0x7FFF_FFFF);
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        if (_selector is ICheckpointable state) state.WriteState(writer);
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        if (_selector is ICheckpointable state) state.ReadState(reader);
    }
}
