using QualityDiversity.Archives;

namespace QualityDiversity.Emitters;

/// <summary>What happened to an emitter's last batch: the evaluated candidates and, per candidate, the archive's status and improvement value.</summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public readonly struct EmitterFeedback<T>
{
    /// <summary>Bundles the feedback.</summary>
    public EmitterFeedback(CandidateBatch<T> candidates, ReadOnlyMemory<AddStatus> status, ReadOnlyMemory<double> values)
    {
        Candidates = candidates;
        Status = status;
        Values = values;
    }

    /// <summary>The evaluated candidates.</summary>
    public CandidateBatch<T> Candidates { get; }

    /// <summary>Archive status per candidate.</summary>
    public ReadOnlyMemory<AddStatus> Status { get; }

    /// <summary>Improvement value per candidate.</summary>
    public ReadOnlyMemory<double> Values { get; }
}
