namespace QualityDiversity.Text.Domains;

/// <summary>
/// One measure axis of a text domain. A binary axis is the probability of its first option
/// (e.g. P(positive) for sentiment), binned by <see cref="Edges"/>; a categorical axis is the
/// index of one of <see cref="Labels"/>. Descriptions let the offline mode place texts on the
/// same axis with the embedding model instead of a judge.
/// </summary>
public sealed record TextAxis
{
    /// <summary>Axis name (e.g. "sentiment").</summary>
    public required string Name { get; init; }

    /// <summary>The question asked of the judge (e.g. "What is the sentiment of this opinion?").</summary>
    public required string Question { get; init; }

    /// <summary>Binary axes: the option whose probability is the measure (e.g. "positive").</summary>
    public string? FirstOption { get; init; }

    /// <summary>Binary axes: the other option (e.g. "negative").</summary>
    public string? SecondOption { get; init; }

    /// <summary>Binary axes: bin edges over [0, 1], first 0 and last 1.</summary>
    public IReadOnlyList<double> Edges { get; init; } = [];

    /// <summary>Binary axes, offline mode: descriptions of texts at the first and second option.</summary>
    public string? FirstDescription { get; init; }

    /// <inheritdoc cref="FirstDescription"/>
    public string? SecondDescription { get; init; }

    /// <summary>Categorical axes: the labels in axis order.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Whether the axis is categorical.</summary>
    public bool IsCategorical => Labels.Count > 0;

    /// <summary>Checks the axis.</summary>
    /// <exception cref="ArgumentException">The axis is inconsistent; the message names the problem.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("A text axis needs a name.");
        if (string.IsNullOrWhiteSpace(Question)) throw new ArgumentException($"Axis '{Name}' needs a question.");
        if (IsCategorical)
        {
            if (Labels.Count < 2) throw new ArgumentException($"Categorical axis '{Name}' needs at least two labels.");
            return;
        }
        if (string.IsNullOrWhiteSpace(FirstOption) || string.IsNullOrWhiteSpace(SecondOption))
            throw new ArgumentException($"Binary axis '{Name}' needs first_option and second_option (or labels for a categorical axis).");
        if (Edges.Count < 2) throw new ArgumentException($"Binary axis '{Name}' needs bin edges (at least two values).");
        if (Edges[0] != 0 || Edges[^1] != 1) throw new ArgumentException($"The bin edges of axis '{Name}' must start at 0 and end at 1, got {Edges[0]} … {Edges[^1]}.");
        for (int i = 1; i < Edges.Count; i++)
            if (!(Edges[i] > Edges[i - 1])) throw new ArgumentException($"The bin edges of axis '{Name}' must be strictly increasing (edge {i} is {Edges[i]}).");
    }
}
