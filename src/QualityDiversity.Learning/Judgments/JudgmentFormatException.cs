namespace QualityDiversity.Learning.Judgments;

/// <summary>A line of a judgment file that is not a valid judgment (anywhere but a torn last line).</summary>
public sealed class JudgmentFormatException : FormatException
{
    /// <summary>Creates the exception for line <paramref name="lineNumber"/> of <paramref name="filePath"/>.</summary>
    /// <param name="filePath">The file being read.</param>
    /// <param name="lineNumber">The 1-based line number.</param>
    /// <param name="problem">What is wrong with the line.</param>
    /// <param name="innerException">The parser error behind the problem, if any.</param>
    public JudgmentFormatException(string filePath, int lineNumber, string problem, Exception? innerException = null)
        : base($"{filePath}:{lineNumber}: {problem}", innerException)
    {
        FilePath = filePath;
        LineNumber = lineNumber;
        Problem = problem;
    }

    /// <summary>The file being read.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line number of the bad line.</summary>
    public int LineNumber { get; }

    /// <summary>What is wrong with the line, without the location.</summary>
    public string Problem { get; }
}
