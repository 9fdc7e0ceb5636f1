namespace QualityDiversity.Experiments.Text;

/// <summary>The "learned" section of a text configuration: QDHF over texts.</summary>
public sealed record LearnedMeasuresConfig
{
    /// <summary>Learned measures.</summary>
    public int Dims { get; init; } = 2;

    /// <summary>Judgments in total, spread evenly over the updates.</summary>
    public int Judgments { get; init; } = 1000;

    /// <summary>Steps before which the space is refitted; null: QDAIF-sized progressive schedule (0, 10%, 25%, 50% of the steps).</summary>
    public IReadOnlyList<int>? Updates { get; init; }

    /// <summary>Grid bins per learned measure.</summary>
    public int Bins { get; init; } = 20;

    /// <summary>"llm" (the judge model compares texts) or "simulated" (the domain's axes, embedded, answer with optional noise).</summary>
    public string Judge { get; init; } = "llm";

    /// <summary>What similarity means for the model judge, e.g. "in sentiment" (empty: overall).</summary>
    public string Aspect { get; init; } = "";

    /// <summary>Probability that a simulated judgment is flipped.</summary>
    public double LabelNoise { get; init; }

    /// <summary>Hidden layer sizes of the projection (empty: linear).</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [];

    /// <summary>The update steps for a run of <paramref name="steps"/> steps.</summary>
    public IReadOnlyList<int> UpdatesFor(int steps) =>
        Updates ?? new[] { 0, steps / 10, steps / 4, steps / 2 }.Where(s => s < steps || s == 0).Distinct().Order().ToArray();
}
