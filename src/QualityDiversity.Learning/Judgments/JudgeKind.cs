namespace QualityDiversity.Learning.Judgments;

/// <summary>Who answered a similarity judgment.</summary>
public enum JudgeKind
{
    /// <summary>A simulated person answering from ground-truth measures (optionally with label noise).</summary>
    Simulated,

    /// <summary>A named person.</summary>
    Human,

    /// <summary>A language model.</summary>
    Llm,

    /// <summary>Answers replayed from a recorded judgment set.</summary>
    Recorded,
}
