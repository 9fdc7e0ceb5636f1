namespace QualityDiversity.Llm.Variation;

/// <summary>How a <see cref="RewriteVariation"/> lays out its prompt and samples.</summary>
public sealed record RewriteOptions
{
    /// <summary>
    /// Whether the instruction comes after the text ("{poem}\n{instruction}\n", QDAIF's poetry
    /// reference) rather than before it ("{instruction}\n\n{poem}", this project's chat layout).
    /// </summary>
    public bool InstructionAfterText { get; init; }

    /// <summary>A system message sent before the prompt; null sends the prompt alone (as QDAIF's poetry reference does).</summary>
    public string? SystemInstruction { get; init; } = "You rewrite texts as instructed. Output only the rewritten text, with no title or commentary.";

    /// <summary>Nucleus sampling mass; null sends none (QDAIF's poetry reference: 0.95).</summary>
    public double? TopP { get; init; }

    /// <summary>
    /// Whether the text to rewrite is one of the run's prompt examples (QDAIF's poetry
    /// initialisation: "{seed}\nWrite a {tone} {genre} poem…") rather than an elite of the
    /// archive. The template may then use only <c>{to:k}</c>.
    /// </summary>
    public bool FromPromptExamples { get; init; }

    /// <summary>QDAIF's poetry reference: instruction after the poem, no system message, top_p 0.95.</summary>
    public static RewriteOptions Reference(bool fromPromptExamples = false) => new()
    {
        InstructionAfterText = true,
        SystemInstruction = null,
        TopP = 0.95,
        FromPromptExamples = fromPromptExamples,
    };
}
