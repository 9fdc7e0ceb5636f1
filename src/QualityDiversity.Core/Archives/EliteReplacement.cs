namespace QualityDiversity.Archives;

/// <summary>When a candidate that clears a cell's acceptance threshold takes the cell's elite slot.</summary>
/// <remarks>
/// The two rules differ only under CMA-MAE soft thresholds, where the threshold can lie below the
/// elite's objective. With plain MAP-Elites thresholds (the elite's own objective) they agree.
/// </remarks>
public enum EliteReplacement
{
    /// <summary>
    /// The best candidate of the batch that clears the threshold replaces the elite even when its
    /// objective is lower (the CMA-MAE paper's rule, and pyribs'). The archive then tracks the
    /// optimisation target that the thresholds define; a separate result archive keeps the best.
    /// </summary>
    ClearsThreshold,

    /// <summary>The elite is replaced only by a strictly better objective.</summary>
    BetterObjective,
}
