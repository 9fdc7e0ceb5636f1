using QualityDiversity.Archives;
using QualityDiversity.Rankers;

namespace QualityDiversity.Emitters.EvolutionStrategy;

/// <summary>
/// The part of a Tell that every emitter driven by an evolution strategy shares (CMA-ME/MAE and
/// the gradient arborescence of CMA-MEGA/MAEGA): checking the feedback, counting the added
/// candidates, choosing how many ranked candidates become parents, and the values the strategy's
/// stop test sees.
/// </summary>
internal static class RankedFeedback
{
    /// <summary>Checks that <paramref name="feedback"/> holds the λ candidates of the last ask and returns how many were added.</summary>
    /// <exception cref="ArgumentException">It does not.</exception>
    public static int CheckAndCountAdded(in EmitterFeedback<double> feedback, int lambda, int width)
    {
        var candidates = feedback.Candidates;
        if (candidates.Count != lambda || candidates.Solutions.Width != width)
            throw new ArgumentException($"The feedback holds {candidates.Count} candidates of width {candidates.Solutions.Width}; this emitter asked for {lambda} of width {width}.", nameof(feedback));
        var status = feedback.Status.Span;
        if (status.Length != lambda) throw new ArgumentException($"The feedback has {status.Length} statuses for {lambda} candidates.", nameof(feedback));
        int added = 0;
        foreach (var s in status)
            if (s != AddStatus.NotAdded) added++;
        return added;
    }

    /// <summary>
    /// Parents of the update: the added candidates under filter selection, the best half under μ
    /// selection — never a failed candidate, which ranks last and was never added.
    /// </summary>
    public static int Parents(SelectionRule rule, int added, int lambda, int failed) =>
        Math.Min(rule == SelectionRule.Filter ? added : lambda / 2, lambda - failed);

    /// <summary>
    /// The ranked values the strategy's stop test sees, written into <paramref name="buffer"/>.
    /// pyribs' flatness test compares (status, value) pairs of the best and the worst candidate:
    /// with a two-stage ranker, different statuses are never flat, and since only the best and the
    /// worst matter to that test, they alone are handed on, with distinct values.
    /// </summary>
    public static ReadOnlySpan<double> StopValues(IRanker ranker, ReadOnlySpan<AddStatus> status, ReadOnlySpan<int> ranking, ReadOnlySpan<double> values, double[] buffer)
    {
        int lambda = ranking.Length;
        for (int k = 0; k < lambda; k++) buffer[k] = values[ranking[k]];
        if (ranker.IsTwoStage && lambda >= 2 && status[ranking[0]] != status[ranking[lambda - 1]])
        {
            buffer[0] = 1;
            buffer[1] = 0;
            return buffer.AsSpan(0, 2);
        }
        return buffer.AsSpan(0, lambda);
    }
}
