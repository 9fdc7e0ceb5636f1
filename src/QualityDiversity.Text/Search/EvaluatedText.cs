namespace QualityDiversity.Text.Search;

/// <summary>
/// One row of a run's dataset: every evaluated text (not just elites) with its lineage, its
/// scores, the archive cell it mapped to and what the archive did with it.
/// </summary>
public sealed record EvaluatedText
{
    /// <summary>Id of the text within the run.</summary>
    public required long Id { get; init; }

    /// <summary>Search step that proposed it (0 for seeds and initialisation).</summary>
    public required int Step { get; init; }

    /// <summary>Variation operator (or "seed").</summary>
    public required string Operator { get; init; }

    /// <summary>Ids of the texts the variation was conditioned on.</summary>
    public required IReadOnlyList<long> ParentIds { get; init; }

    /// <summary>The text; null when generation itself failed.</summary>
    public required string? Text { get; init; }

    /// <summary>Outcome: "new", "improved", "not_added", "generation_failed", "evaluation_failed" or "prompt_example".</summary>
    public required string Status { get; init; }

    /// <summary>Why generation or evaluation failed; null otherwise.</summary>
    public string? Failure { get; init; }

    /// <summary>Quality; NaN when not evaluated.</summary>
    public double Quality { get; init; } = double.NaN;

    /// <summary>Measures; empty when not evaluated.</summary>
    public IReadOnlyList<double> Measures { get; init; } = [];

    /// <summary>Archive cell the measures map to; -1 when not evaluated.</summary>
    public int Cell { get; init; } = -1;

    /// <summary>Named details of generation and evaluation (judge modes, labels, raw answers).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Annotations { get; init; } = [];
}
