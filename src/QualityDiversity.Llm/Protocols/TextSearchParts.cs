using QualityDiversity.Text.Scoring;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Llm.Protocols;

/// <summary>The pieces of a language-model text search a <see cref="TextSearchRecipe"/> builds; the caller adds the archive and the evaluator around the judges.</summary>
public sealed record TextSearchParts
{
    /// <summary>The initialisation operator.</summary>
    public required ITextVariation Initial { get; init; }

    /// <summary>The operator after initialisation.</summary>
    public required ITextVariation Variation { get; init; }

    /// <summary>The quality judge.</summary>
    public required ITextScorer Quality { get; init; }

    /// <summary>One judge per axis; empty when <see cref="JointJudge"/> judges them all.</summary>
    public IReadOnlyList<ITextScorer> AxisJudges { get; init; } = [];

    /// <summary>One judge for every axis at once (QDAIF's poetry reference), or null.</summary>
    public ITextMultiScorer? JointJudge { get; init; }

    /// <summary>Schedule and start of the run.</summary>
    public required GenerativeSearchSettings Settings { get; init; }

    /// <summary>The seed texts to give the search (none when a qdaif run starts zero-shot).</summary>
    public required IReadOnlyList<string> Seeds { get; init; }

    /// <summary>The measure judges in axis order, whichever form they take.</summary>
    public IReadOnlyList<ITextMultiScorer> MeasureJudges => JointJudge is { } joint ? [joint] : AxisJudges.Select(a => (ITextMultiScorer)new SingleMeasureScorer(a)).ToArray();
}
