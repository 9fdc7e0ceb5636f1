namespace QualityDiversity.Benchmarks.CostCurves;

/// <summary>One measured point of a cost curve.</summary>
/// <param name="Axis">What varies: "dimension", "batch", "grid cells", "cvt centroids", "memory".</param>
/// <param name="Series">The configuration measured along the axis (e.g. "map-elites", "cma-mae").</param>
/// <param name="X">The axis value.</param>
/// <param name="MillisecondsPerIteration">Median time of one ask-evaluate-tell iteration; NaN for memory points.</param>
/// <param name="SetupSeconds">Time to build the archive (CVT centroids) before the first iteration; 0 when nothing is built.</param>
/// <param name="BytesPerElite">Managed bytes held per stored elite (memory points only); NaN otherwise.</param>
public sealed record CostPoint(string Axis, string Series, double X, double MillisecondsPerIteration, double SetupSeconds, double BytesPerElite)
{
    /// <summary>Microseconds per evaluated candidate, for points with a batch size.</summary>
    public double MicrosecondsPerCandidate(int batch) => MillisecondsPerIteration * 1000 / batch;
}
