using QualityDiversity.Llm.Client;
using QualityDiversity.Text.Search;
using QualityDiversity.Text.Selection;

namespace QualityDiversity.Llm.Variation;

/// <summary>
/// LMX-Rewrite (QDAIF's poetry operator): a parent elite drawn uniformly is rewritten toward a
/// target label on every categorical axis, each chosen at random, e.g. "Translate this sonnet
/// poem into a dark haiku poem of very high, award winning quality." Sampled at a higher
/// temperature (QDAIF: 1.1). With <see cref="RewriteOptions.FromPromptExamples"/> the text
/// rewritten is a prompt example (the seed), which is how QDAIF's poetry run initialises.
/// </summary>
public sealed class RewriteVariation : ITextVariation
{
    private readonly ILlmClient _client;
    private readonly IReadOnlyList<IReadOnlyList<string>> _axes;

    /// <summary>Creates the operator in the chat layout.</summary>
    /// <param name="client">The generating model.</param>
    /// <param name="axes">Label axes of the archive, in order (e.g. genre, tone).</param>
    /// <param name="template">
    /// The instruction, with <c>{from:k}</c> for the parent's label on axis k and <c>{to:k}</c> for
    /// the target label on axis k, e.g. "Rewrite this {from:0} poem as a {to:1} {to:0} poem of very high quality."
    /// </param>
    /// <param name="temperature">Sampling temperature.</param>
    /// <param name="maxTokens">Completion limit.</param>
    public RewriteVariation(ILlmClient client, IReadOnlyList<IReadOnlyList<string>> axes, string template, double temperature = 1.1, int maxTokens = 200)
        : this(client, axes, template, new RewriteOptions(), temperature, maxTokens)
    {
    }

    /// <summary>Creates the operator.</summary>
    /// <param name="client">The generating model.</param>
    /// <param name="axes">Label axes of the archive, in order.</param>
    /// <param name="template">The instruction with <c>{from:k}</c> / <c>{to:k}</c> placeholders.</param>
    /// <param name="options">Layout and sampling.</param>
    /// <param name="temperature">Sampling temperature.</param>
    /// <param name="maxTokens">Completion limit.</param>
    public RewriteVariation(ILlmClient client, IReadOnlyList<IReadOnlyList<string>> axes, string template, RewriteOptions options, double temperature = 1.1, int maxTokens = 200)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentException.ThrowIfNullOrWhiteSpace(template);
        ArgumentNullException.ThrowIfNull(options);
        if (axes.Count == 0 || axes.Any(a => a.Count == 0)) throw new ArgumentException("Rewrite needs at least one axis, each with labels.", nameof(axes));
        for (int k = 0; k < axes.Count; k++)
            if (!template.Contains($"{{to:{k}}}", StringComparison.Ordinal))
                throw new ArgumentException($"The rewrite template never mentions the target of axis {k} ({{to:{k}}}).", nameof(template));
        if (options.FromPromptExamples && template.Contains("{from:", StringComparison.Ordinal))
            throw new ArgumentException("A rewrite of a prompt example cannot name its labels ({from:k}): prompt examples are not judged.", nameof(template));
        if (options.TopP is { } p && !(p > 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(options), p, "top_p must be in (0, 1].");
        _client = client;
        _axes = axes;
        Template = template;
        Options = options;
        Temperature = temperature;
        MaxTokens = maxTokens;
    }

    /// <inheritdoc />
    public string Name => Options.FromPromptExamples ? "rewrite_seed" : "rewrite";

    /// <summary>The instruction template.</summary>
    public string Template { get; }

    /// <summary>Layout and sampling.</summary>
    public RewriteOptions Options { get; }

    /// <summary>Sampling temperature.</summary>
    public double Temperature { get; }

    /// <summary>Completion limit.</summary>
    public int MaxTokens { get; }

    /// <inheritdoc />
    public TextVariationRequest Prepare(TextVariationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Text.Genomes.TextGenome parent;
        double[] measures;
        if (Options.FromPromptExamples)
        {
            var examples = context.PromptExamples;
            if (examples.Count == 0) throw new InvalidOperationException("Rewriting a prompt example needs at least one; the run has none (give a seed text).");
            parent = examples[context.Random.NextInt(examples.Count)];
            measures = [];
        }
        else
        {
            var archive = context.Archive;
            if (archive.IsEmpty) throw new InvalidOperationException("Rewrite needs at least one elite; the archive is empty.");
            var slots = archive.Store.OccupiedSlots;
            int slot = slots[context.Random.NextInt(slots.Length)];
            parent = ArchiveElites.At(archive, slot);
            measures = archive.Store.Measures(slot).ToArray();
        }
        string instruction = Template;
        for (int k = 0; k < _axes.Count; k++)
        {
            int from = k < measures.Length ? (int)Math.Clamp(Math.Round(measures[k]), 0, _axes[k].Count - 1) : 0;
            instruction = instruction.Replace($"{{from:{k}}}", _axes[k][from], StringComparison.Ordinal)
                .Replace($"{{to:{k}}}", _axes[k][context.Random.NextInt(_axes[k].Count)], StringComparison.Ordinal);
        }
        string prompt = Options.InstructionAfterText ? $"{parent.Text.Trim()}\n{instruction}\n" : $"{instruction}\n\n{parent.Text.Trim()}";
        return new TextVariationRequest([parent.Id], prompt, context.CallTag);
    }

    /// <inheritdoc />
    public async Task<TextVariationOutcome> GenerateAsync(TextVariationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await _client.CompleteAsync(new LlmRequest
        {
            Messages = Options.SystemInstruction is { } system ? [ChatTurn.System(system), ChatTurn.User(request.Prompt)] : [ChatTurn.User(request.Prompt)],
            Temperature = Temperature,
            TopP = Options.TopP,
            MaxTokens = MaxTokens,
            CallTag = request.CallTag,
            Seed = LmxVariation.StableSeed(request.CallTag),
            Purpose = "variation",
        }, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded) return TextVariationOutcome.Failed(result.Failure!);
        string text = result.Answer!.Text.Trim();
        if (text.Length == 0) return TextVariationOutcome.Failed("The rewrite was empty.");
        return TextVariationOutcome.Produced(text, [new("variation.finish", result.Answer.FinishReason ?? "")]);
    }
}
