namespace QualityDiversity.Optimizers;

/// <summary>
/// The restart tests shared by the CMA-ES variants: a non-finite state, an ill-conditioned
/// covariance, a vanishing search spread, or a flat ranking.
/// </summary>
internal static class StopCriteria
{
    /// <summary>Whether a strategy in this state should be restarted.</summary>
    /// <param name="sigma">Global step size σ.</param>
    /// <param name="mean">Distribution mean.</param>
    /// <param name="conditionNumber">Condition number of the covariance.</param>
    /// <param name="maxScale">Largest standard deviation of the covariance (√ of its largest eigenvalue).</param>
    /// <param name="rankingValues">Primary ranking value per row, best first.</param>
    public static bool Met(double sigma, ReadOnlySpan<double> mean, double conditionNumber, double maxScale, ReadOnlySpan<double> rankingValues)
    {
        if (!double.IsFinite(sigma)) return true;
        foreach (double v in mean) if (!double.IsFinite(v)) return true;
        if (conditionNumber > CmaEvolutionStrategy.MaxConditionNumber) return true;
        if (sigma * maxScale < CmaEvolutionStrategy.MinSearchSpread) return true;
        return rankingValues.Length >= 2 && Math.Abs(rankingValues[0] - rankingValues[^1]) < CmaEvolutionStrategy.FlatRankingTolerance;
    }
}
