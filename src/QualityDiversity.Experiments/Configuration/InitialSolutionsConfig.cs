namespace QualityDiversity.Experiments.Configuration;

/// <summary>
/// Initial solutions drawn uniformly in [<see cref="Low"/>, <see cref="High"/>) per coordinate,
/// from a stream of the run seed, when the search is built.
/// </summary>
public sealed record InitialSolutionsConfig
{
    /// <summary>Number of solutions.</summary>
    public required int Count { get; init; }

    /// <summary>Lower end, one value or one per dimension; null before resolution means the task's initial range.</summary>
    public double[]? Low { get; init; }

    /// <summary>Upper end, one value or one per dimension; null before resolution means the task's initial range.</summary>
    public double[]? High { get; init; }
}
