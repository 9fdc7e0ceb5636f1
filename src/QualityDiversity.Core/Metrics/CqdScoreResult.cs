namespace QualityDiversity.Metrics;

/// <summary>The outcome of <see cref="CqdScore.Compute{T}(Archives.ArchiveData{T}, double[][][], IReadOnlyList{double}, double, double, double, double)"/>.</summary>
/// <param name="Mean">The mean score over the iterations: the number most users need.</param>
/// <param name="Scores">The score of each iteration (each set of target points).</param>
/// <param name="Penalties">The penalties (θ) the scores sum over.</param>
/// <param name="ObjectiveMin">The objective minimum used to normalise.</param>
/// <param name="ObjectiveMax">The objective maximum used to normalise.</param>
/// <param name="DistanceMax">The distance that normalises measure-space distances.</param>
/// <param name="DistanceOrder">The order p of the distance norm (2 for Euclidean).</param>
public sealed record CqdScoreResult(double Mean, double[] Scores, double[] Penalties, double ObjectiveMin, double ObjectiveMax, double DistanceMax, double DistanceOrder)
{
    /// <summary>Number of iterations (sets of target points).</summary>
    public int Iterations => Scores.Length;
}
