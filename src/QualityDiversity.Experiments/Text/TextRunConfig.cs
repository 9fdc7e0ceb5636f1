using QualityDiversity.Llm.Client;
using QualityDiversity.Llm.Judging;
using QualityDiversity.Experiments.Configuration;

namespace QualityDiversity.Experiments.Text;

/// <summary>A text search as a configuration file describes it (the "text" section and the shared name and seed).</summary>
public sealed record TextRunConfig : ExperimentConfig
{
    /// <summary>Domain name (opinions, stories_genre, stories_ending, stories_genre_ending, poetry).</summary>
    public required string Domain { get; init; }

    /// <summary>Topic (opinions) or characters (stories) or subject (poetry); null for the domain's default.</summary>
    public string? Topic { get; init; }

    /// <summary>Seed texts replacing the domain's; null keeps them.</summary>
    public IReadOnlyList<string>? Seeds { get; init; }

    /// <summary>"offline" (embedding model, sentence recombination) or "llm" (QDAIF).</summary>
    public required string Mode { get; init; }

    /// <summary>
    /// llm mode: "qdaif" (QDAIF's reference protocol: the reference's wordings, seeds as prompt
    /// examples only, at least 50 initialisation steps from a prompt pool, one text per step,
    /// whole-option judging) or "chat" (this project's variant for chat models: paraphrased
    /// questions, seeds in the archive, batches of concurrent steps).
    /// </summary>
    public string Protocol { get; init; } = TextConfigParser.ChatProtocol;

    /// <summary>
    /// llm mode: the route generation and judging take: "completions" (raw text continued by a
    /// base model, no chat template) or "chat". The parser's default is "completions" under the
    /// qdaif protocol (poetry: "chat", as its reference uses a chat model), "chat" otherwise.
    /// </summary>
    public string Generation { get; init; } = TextConfigParser.ChatGeneration;

    /// <summary>Variation: near, uniform, replace, rewrite, fixed_few_shot, shuffled_few_shot, random_search, quality_only.</summary>
    public string Variation { get; init; } = "near";

    /// <summary>Total steps.</summary>
    public int Steps { get; init; } = 2000;

    /// <summary>
    /// Steps generated concurrently per batch. The parser's default is 1 under the qdaif protocol
    /// (the reference inserts one text per step), 16 otherwise (a batching variant: parents of a
    /// batch come from the archive as it was when the batch started).
    /// </summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Initialisation ends after this many steps...</summary>
    public int InitMaxSteps { get; init; } = 50;

    /// <summary>...or once this many cells are filled.</summary>
    public int InitMinCells { get; init; } = 3;

    /// <summary>Initialise zero-shot (from the header alone) even when the domain has seeds.</summary>
    public bool ZeroShot { get; init; }

    /// <summary>qdaif protocol, zero-shot initialisation: texts generated zero-shot before the first step as the prompt pool (the reference: 5).</summary>
    public int ZeroShotExamples { get; init; } = 5;

    /// <summary>Texts kept per cell.</summary>
    public int Depth { get; init; } = 100;

    /// <summary>Keep sentence embeddings as features of every text.</summary>
    public bool EmbeddingFeatures { get; init; }

    /// <summary>Offline mode: temperature of the embedding contrast behind binary measures (smaller spreads texts further toward 0 and 1).</summary>
    public double AnchorTemperature { get; init; } = 0.02;

    /// <summary>Checkpoint every this many batches.</summary>
    public int CheckpointEvery { get; init; } = 1;

    /// <summary>Also write the dataset as Parquet at the end.</summary>
    public bool Parquet { get; init; } = true;

    /// <summary>The generating model (llm mode).</summary>
    public LlmOptions? Llm { get; init; }

    /// <summary>The judging model; null uses <see cref="Llm"/>.</summary>
    public LlmOptions? JudgeLlm { get; init; }

    /// <summary>QDHF over texts, when <see cref="Measures"/> is "learned".</summary>
    public LearnedMeasuresConfig? Learned { get; init; }

    /// <summary>Whether measures are judged by the model ("judge"), placed by the embedding model ("embedding") or learned from similarity judgments ("learned").</summary>
    public string Measures { get; init; } = "judge";

    /// <summary>How binary judges read answers.</summary>
    public JudgeMode JudgeMode { get; init; } = JudgeMode.Auto;

    /// <summary>Whether the run uses a language model.</summary>
    public bool UsesLlm => Mode == TextConfigParser.LlmMode;

    /// <inheritdoc />
    public override int Length => Steps;

    /// <inheritdoc />
    public override ExperimentConfig WithLength(int length)
    {
        if (length < 1) throw new ConfigException("text.steps", $"must be at least 1, got {length}.");
        return this with { Steps = length };
    }

    /// <inheritdoc />
    public override string ToJson() => TextConfigWriter.ToJson(this);

    /// <inheritdoc />
    public override ExperimentConfig Validate() => TextConfigParser.Parse(ToJson(), "configuration", Name);
}
