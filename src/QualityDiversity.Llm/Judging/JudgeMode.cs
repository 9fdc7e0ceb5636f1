namespace QualityDiversity.Llm.Judging;

/// <summary>How a binary judge turns an answer into a probability.</summary>
public enum JudgeMode
{
    /// <summary>Log-probabilities when the endpoint returns them for the answer, else the verbal fallback.</summary>
    Auto,

    /// <summary>Log-probabilities only; an endpoint without them makes the evaluation fail.</summary>
    Logprobs,

    /// <summary>Always ask for a number (0–100) and parse it.</summary>
    Verbal,
}
