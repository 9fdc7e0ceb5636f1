using QualityDiversity.Archives;

namespace QualityDiversity.Emitters;

/// <summary>What happened to an emitter's last batch: the evaluated candidates and, per candidate, the archive's status and improvement value.</summary>
/// <remarks>
/// A candidate whose evaluation failed (see <see cref="Failed"/>) never reached the archive. It
/// is presented with status <see cref="AddStatus.NotAdded"/>, improvement value NaN and NaN
/// objective, measures and features, so that every ranker puts it last (a NaN value sorts
/// after every number) and no filter-based selection takes it as a parent.
/// <para>The buffers belong to the scheduler and hold their values only during the
/// <see cref="IEmitter{T}.Tell"/> call they are passed to: the next step reuses them, possibly
/// while emitters are still being asked. Copy what the emitter keeps.</para>
/// </remarks>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public readonly struct EmitterFeedback<T>
{
    /// <summary>Bundles the feedback.</summary>
    /// <param name="candidates">The evaluated candidates.</param>
    /// <param name="status">Archive status per candidate.</param>
    /// <param name="values">Improvement value per candidate.</param>
    /// <param name="failed">Per candidate, whether its evaluation failed; empty when none did.</param>
    public EmitterFeedback(CandidateBatch<T> candidates, ReadOnlyMemory<AddStatus> status, ReadOnlyMemory<double> values, ReadOnlyMemory<bool> failed = default)
    {
        if (!failed.IsEmpty && failed.Length != candidates.Count)
            throw new ArgumentException($"The failure mask has {failed.Length} entries for {candidates.Count} candidates.", nameof(failed));
        Candidates = candidates;
        Status = status;
        Values = values;
        Failed = failed;
    }

    /// <summary>The evaluated candidates.</summary>
    public CandidateBatch<T> Candidates { get; }

    /// <summary>Archive status per candidate.</summary>
    public ReadOnlyMemory<AddStatus> Status { get; }

    /// <summary>Improvement value per candidate.</summary>
    public ReadOnlyMemory<double> Values { get; }

    /// <summary>Per candidate, whether its evaluation failed; empty when no candidate failed.</summary>
    public ReadOnlyMemory<bool> Failed { get; }

    /// <summary>Number of candidates whose evaluation failed.</summary>
    public int FailedCount
    {
        get
        {
            int count = 0;
            foreach (bool f in Failed.Span) count += f ? 1 : 0;
            return count;
        }
    }
}
