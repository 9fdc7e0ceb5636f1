namespace QualityDiversity.Llm.Judging;

/// <summary>How a binary judge turns an answer into a probability. Every score records the path it took.</summary>
public enum JudgeMode
{
    /// <summary>
    /// The best path the endpoint allows: whole options scored as continuations (completions
    /// route with echo), else the first answer token's top log-probabilities, else the verbal
    /// fallback.
    /// </summary>
    Auto,

    /// <summary>First-token top log-probabilities only; an endpoint without them makes the evaluation fail.</summary>
    Logprobs,

    /// <summary>Always ask for a number (0–1000) and parse it.</summary>
    Verbal,

    /// <summary>
    /// Whole options scored as continuations only (QDAIF's reference reading): each answer
    /// string's log-probability after the prompt, softmax-normalised. Needs the completions
    /// route of an endpoint that echoes prompt log-probabilities; otherwise the evaluation fails.
    /// </summary>
    OptionLogprobs,
}
