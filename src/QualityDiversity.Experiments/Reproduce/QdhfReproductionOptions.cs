namespace QualityDiversity.Experiments.Reproduce;

/// <summary>What <see cref="QdhfReproduction.RunAsync"/> runs and where it writes.</summary>
public sealed record QdhfReproductionOptions
{
    /// <summary>The protocol: <c>qdhf-arm</c> or <c>qdhf-maze</c> (any case).</summary>
    public required string Protocol { get; init; }

    /// <summary>Trials per method (seeds 0..N-1); null for the protocol's (20 for the arm, 10 for the maze).</summary>
    public int? Trials { get; init; }

    /// <summary>The output directory; null for <c>reproduce/PROTOCOL</c>. Completed trials there are reused.</summary>
    public string? Output { get; init; }

    /// <summary>Probability that a simulated judgment is flipped, in [0, 0.5).</summary>
    public double LabelNoise { get; init; }

    /// <summary>A subset of <see cref="QdhfReproduction.Methods"/>; null for all.</summary>
    public IReadOnlyList<string>? Methods { get; init; }

    /// <summary>Trials run at once; null for the number of processors.</summary>
    public int? Jobs { get; init; }

    /// <summary>Iterations per trial; null for the protocol's 1000. The progressive schedule scales with it.</summary>
    public int? Iterations { get; init; }

    /// <summary>How QDHF's projections are fitted: <c>protocol</c> (the reference's early stopping, the default) or <c>best_validation</c>.</summary>
    public string? Fit { get; init; }

    /// <summary>Whether the comparison figure is also written as SVG.</summary>
    public bool Svg { get; init; }
}
