namespace QualityDiversity.Archives;

/// <summary>
/// A batch offered to an archive is malformed: a wrong dimension, or a non-finite objective or
/// measure. The archive is left unchanged. <see cref="CandidateIndex"/> and <see cref="Field"/>
/// name the offending candidate and field.
/// </summary>
public sealed class ArchiveInputException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public ArchiveInputException(string message, string field, int candidateIndex = -1)
        : base(message, field)
    {
        Field = field;
        CandidateIndex = candidateIndex;
        _reason = message;
    }

    private readonly string _reason;

    /// <summary>The field at fault: "solutions", "objectives", "measures" or "features".</summary>
    public string Field { get; }

    /// <summary>The candidate's index in the batch, or -1 when the whole batch is at fault.</summary>
    public int CandidateIndex { get; }

    /// <summary>
    /// The same error for a candidate known under another index (a batch from which failed
    /// candidates were left out is checked by the archive under the compacted numbering).
    /// </summary>
    internal ArchiveInputException ForCandidate(int index)
    {
        string prefix = $"Candidate {CandidateIndex}:";
        string reason = _reason.StartsWith(prefix, StringComparison.Ordinal)
            ? $"Candidate {index}:{_reason[prefix.Length..]}"
            : $"Candidate {index}: {_reason}";
        return new ArchiveInputException(reason, Field, index);
    }
}
