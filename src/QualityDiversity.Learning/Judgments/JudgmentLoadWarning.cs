namespace QualityDiversity.Learning.Judgments;

/// <summary>
/// Something a judgment file load tolerated rather than failed on, such as a last line torn by
/// a crash during an append. The caller decides whether to log it or stop.
/// </summary>
/// <param name="FilePath">The file that was loaded.</param>
/// <param name="LineNumber">The 1-based line the warning is about.</param>
/// <param name="Message">What was wrong and what was done about it.</param>
public sealed record JudgmentLoadWarning(string FilePath, int LineNumber, string Message)
{
    /// <summary>The warning as "file:line: message".</summary>
    public override string ToString() => $"{FilePath}:{LineNumber}: {Message}";
}
