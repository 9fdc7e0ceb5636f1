namespace QualityDiversity.Learning.Judgments;

/// <summary>
/// A measure space was to be learned from judgments, but the judge answered none of the triplets
/// it was asked (a person quit, or a console judge's input ended). The message says what to do.
/// </summary>
public sealed class NoJudgmentsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NoJudgmentsException(string message)
        : base(message)
    {
    }
}
