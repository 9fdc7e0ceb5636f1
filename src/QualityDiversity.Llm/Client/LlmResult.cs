namespace QualityDiversity.Llm.Client;

/// <summary>The outcome of a call: an answer, or why there is none after every retry.</summary>
public sealed class LlmResult
{
    private LlmResult(LlmAnswer? answer, string? failure, LlmAnswer? paid = null)
    {
        Answer = answer;
        Failure = failure;
        Unusable = paid;
    }

    /// <summary>The answer; null when the call failed.</summary>
    public LlmAnswer? Answer { get; }

    /// <summary>Why the call failed; null when it succeeded.</summary>
    public string? Failure { get; }

    /// <summary>Whether an answer is available.</summary>
    public bool Succeeded => Answer is not null;

    /// <summary>A successful call.</summary>
    public static LlmResult Success(LlmAnswer answer) => new(answer ?? throw new ArgumentNullException(nameof(answer)), null);

    /// <summary>
    /// A failed call whose answer was received (and paid for) but cannot be used, such as an empty
    /// answer or a refusal; null when no answer came.
    /// </summary>
    public LlmAnswer? Unusable { get; }

    /// <summary>A failed call.</summary>
    public static LlmResult Failed(string reason) => new(null, string.IsNullOrWhiteSpace(reason) ? throw new ArgumentException("A failure needs a reason.", nameof(reason)) : reason);

    /// <summary>A call answered with <paramref name="answer"/>, which cannot be used for <paramref name="reason"/>.</summary>
    public static LlmResult Failed(string reason, LlmAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var failed = Failed(reason);
        return new(null, failed.Failure, answer);
    }
}
