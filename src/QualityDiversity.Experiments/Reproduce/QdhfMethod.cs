namespace QualityDiversity.Experiments.Reproduce;

/// <summary>How a QDHF-protocol method gets its measures.</summary>
internal enum MeasureSource
{
    /// <summary>The task's ground-truth measures (QD-GT).</summary>
    GroundTruth,

    /// <summary>PCA of the features (AURORA).</summary>
    Pca,

    /// <summary>An autoencoder of the features (AURORA).</summary>
    Autoencoder,

    /// <summary>A projection trained on similarity judgments (QDHF).</summary>
    Judgments,
}

/// <summary>One method of the QDHF paper's comparison.</summary>
/// <param name="Id">Command-line and file name (for example <c>aurora-pca-inc</c>).</param>
/// <param name="Name">Name in tables and figures (for example <c>AURORA-PCA (Inc)</c>).</param>
/// <param name="Source">Where its measures come from.</param>
/// <param name="Progressive">
/// Whether the measure space is refitted on QDHF's progressive schedule ("Inc", QDHF) rather than
/// once at the start ("Pre", QDHF-Base).
/// </param>
internal sealed record QdhfMethod(string Id, string Name, MeasureSource Source, bool Progressive)
{
    /// <summary>The paper's seven methods, in table order.</summary>
    public static IReadOnlyList<QdhfMethod> All { get; } =
    [
        new("qd-gt", "QD-GT", MeasureSource.GroundTruth, false),
        new("aurora-pca-pre", "AURORA-PCA (Pre)", MeasureSource.Pca, false),
        new("aurora-pca-inc", "AURORA-PCA (Inc)", MeasureSource.Pca, true),
        new("aurora-ae-pre", "AURORA-AE (Pre)", MeasureSource.Autoencoder, false),
        new("aurora-ae-inc", "AURORA-AE (Inc)", MeasureSource.Autoencoder, true),
        new("qdhf-base", "QDHF-Base", MeasureSource.Judgments, false),
        new("qdhf", "QDHF", MeasureSource.Judgments, true),
    ];

    /// <summary>The methods named in a comma-separated list (ids, any case), in table order.</summary>
    /// <exception cref="ExperimentException">A name is unknown; the message lists the known ids.</exception>
    public static IReadOnlyList<QdhfMethod> Parse(string? list)
    {
        if (string.IsNullOrWhiteSpace(list)) return All;
        var wanted = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToLowerInvariant()).ToHashSet();
        var unknown = wanted.Where(w => All.All(m => m.Id != w)).ToArray();
        if (unknown.Length > 0)
            throw new ExperimentException("methods", $"unknown method{(unknown.Length == 1 ? "" : "s")} {string.Join(", ", unknown)}. Known: {string.Join(", ", All.Select(m => m.Id))}.", ExperimentErrorKind.InvalidRequest);
        return All.Where(m => wanted.Contains(m.Id)).ToArray();
    }
}
