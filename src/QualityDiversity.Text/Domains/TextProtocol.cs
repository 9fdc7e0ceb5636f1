namespace QualityDiversity.Text.Domains;

/// <summary>Which way of running QDAIF a domain's wording and a run's schedule follow.</summary>
public enum TextProtocol
{
    /// <summary>
    /// This project's variant for instruction-tuned chat models: paraphrased questions with a
    /// one-word answer request, seeds evaluated into the archive, batches of concurrent steps.
    /// </summary>
    Chat,

    /// <summary>
    /// QDAIF's reference protocol: the reference's question wordings (the paper's where the
    /// public code has none), seeds as prompt examples only, initialisation of at least 50 steps
    /// from a prompt pool, one text per step, base-model completions and whole-option judging.
    /// </summary>
    Qdaif,
}
