using QualityDiversity.Llm.Client;
using QualityDiversity.Llm.Judging;
using QualityDiversity.Text.Domains;

namespace QualityDiversity.Llm.Protocols;

/// <summary>What a <see cref="TextSearchRecipe"/> builds: protocol, route, variation, judging and schedule.</summary>
public sealed record TextSearchRecipeOptions
{
    /// <summary>The protocol; the domain should be worded for it (<see cref="QdaifDomains.ByName"/>).</summary>
    public TextProtocol Protocol { get; init; } = TextProtocol.Chat;

    /// <summary>The route generation and judging take (completions: base models, no chat template).</summary>
    public LlmApi Generation { get; init; } = LlmApi.Chat;

    /// <summary>Variation after initialisation: "rewrite", or a few-shot selection name (<see cref="Text.Selection.FewShotSelectors"/>).</summary>
    public string Variation { get; init; } = "near";

    /// <summary>How binary judges read answers.</summary>
    public JudgeMode JudgeMode { get; init; } = JudgeMode.Auto;

    /// <summary>Alternatives per token for the first-token path (as many as the endpoint allows).</summary>
    public int TopLogprobs { get; init; } = 20;

    /// <summary>Initialise zero-shot even when the domain has seeds.</summary>
    public bool ZeroShot { get; init; }

    /// <summary>qdaif protocol, zero-shot initialisation: texts generated zero-shot as the prompt pool (the reference: 5).</summary>
    public int ZeroShotExamples { get; init; } = 5;

    /// <summary>Total steps.</summary>
    public int Steps { get; init; } = 2000;

    /// <summary>Steps per batch (the reference: 1).</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>Run seed.</summary>
    public long Seed { get; init; }

    /// <summary>Initialisation steps (the reference: at least 50).</summary>
    public int InitMaxSteps { get; init; } = 50;

    /// <summary>Filled cells that end initialisation (the reference: 3; its poetry: 1).</summary>
    public int InitMinCells { get; init; } = 3;
}
