using QualityDiversity.Randomness;
using QualityDiversity.Text.Search;
using QualityDiversity.Text.Selection;

namespace QualityDiversity.Text.Offline;

/// <summary>
/// The offline mode's variation operator (not QDAIF: no language model is involved). It takes
/// the examples a <see cref="IFewShotSelector"/> chooses (near elites by default) and builds a
/// child sentence by sentence: the child's length follows a random example's (±1 sentence),
/// and each position takes, from a random example, the sentence at the same relative position
/// (keeping openings and endings in place) or, with probability <see cref="FreeChoice"/>, any
/// of its sentences. A child equal to one of its examples or to any evaluated text is redrawn a
/// few times. Everything
/// happens at preparation, so generation is immediate and the run reproducible. The selector's
/// state, if it keeps any, is checkpointed with the operator.
/// </summary>
public sealed class SentenceRecombination : ITextVariation, QualityDiversity.Persistence.ICheckpointable
{
    private readonly IFewShotSelector _selector;

    /// <summary>Creates the operator.</summary>
    /// <param name="selector">Chooses the texts to recombine.</param>
    /// <param name="freeChoice">Probability that a position takes any sentence rather than the aligned one.</param>
    /// <param name="maxSentences">Longest child, in sentences.</param>
    public SentenceRecombination(IFewShotSelector selector, double freeChoice = 0.3, int maxSentences = 8)
    {
        ArgumentNullException.ThrowIfNull(selector);
        if (!(freeChoice >= 0 && freeChoice <= 1)) throw new ArgumentOutOfRangeException(nameof(freeChoice), freeChoice, "free_choice must be a probability.");
        if (maxSentences < 1) throw new ArgumentOutOfRangeException(nameof(maxSentences), maxSentences, "A child needs at least one sentence.");
        _selector = selector;
        FreeChoice = freeChoice;
        MaxSentences = maxSentences;
    }

    /// <summary>Redraws allowed when a child repeats a known text.</summary>
    public const int RedrawAttempts = 8;

    /// <inheritdoc />
    public string Name => $"recombine_{_selector.Name}";

    /// <summary>Probability that a position takes any sentence.</summary>
    public double FreeChoice { get; }

    /// <summary>Longest child, in sentences.</summary>
    public int MaxSentences { get; }

    /// <inheritdoc />
    public TextVariationRequest Prepare(TextVariationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var selection = _selector.Select(context);
        if (selection.Examples.Count == 0) throw new InvalidOperationException("Sentence recombination needs at least one text to recombine; there are no seeds or elites.");
        var sources = selection.Examples.Select(e => SentenceSplitter.Split(e.Text)).Where(s => s.Length > 0).ToArray();
        if (sources.Length == 0) throw new InvalidOperationException("The texts chosen for recombination contain no sentences.");
        var originals = new HashSet<string>(selection.Examples.Select(e => e.Text.Trim()), StringComparer.Ordinal);

        // Redraw children that repeat an example or an already evaluated text: re-scoring a known
        // text spends a step on nothing new.
        string child = Recombine(sources, context.Random);
        for (int attempt = 0; attempt < RedrawAttempts && (originals.Contains(child) || context.History.ContainsText(child)); attempt++)
            child = Recombine(sources, context.Random);
        return new TextVariationRequest(selection.ParentIds, $"recombine {sources.Length} texts", context.CallTag, child);
    }

    private string Recombine(string[][] sources, RandomSource random)
    {
        int length = sources[random.NextInt(sources.Length)].Length + random.NextInt(3) - 1;
        length = Math.Clamp(length, 1, MaxSentences);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var sentences = new List<string>(length);
        for (int i = 0; i < length; i++)
        {
            for (int attempt = 0; attempt < 6; attempt++)
            {
                var source = sources[random.NextInt(sources.Length)];
                int position = random.NextDouble() < FreeChoice
                    ? random.NextInt(source.Length)
                    : Math.Min(source.Length - 1, (int)((double)i / length * source.Length));
                if (used.Add(source[position]))
                {
                    sentences.Add(source[position]);
                    break;
                }
            }
        }
        return string.Join(" ", sentences);
    }

    /// <inheritdoc />
    public Task<TextVariationOutcome> GenerateAsync(TextVariationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(request.Payload is string child && child.Length > 0
            ? TextVariationOutcome.Produced(child)
            : TextVariationOutcome.Failed("The recombination produced no text."));
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        if (_selector is QualityDiversity.Persistence.ICheckpointable state) state.WriteState(writer);
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        if (_selector is QualityDiversity.Persistence.ICheckpointable state) state.ReadState(reader);
    }
}
