namespace QualityDiversity.Llm.Variation;

/// <summary>How a language-model crossover prompt is laid out and its completion cleaned.</summary>
public enum LmxStyle
{
    /// <summary>
    /// This project's layout for chat models: each example on the line after the header and
    /// followed by a "###" line, the prompt ending with the header and a line break; the
    /// completion is cut at "###" or a repeated header and trimmed.
    /// </summary>
    Chat,

    /// <summary>
    /// QDAIF's reference layout: header, a space, the example, then "\n###\n" before the next
    /// header; the prompt ends with the bare header, which the model continues. The completion is
    /// cut at the first of the stop sequences, trimmed, and given a full stop when it does not end
    /// with one, so every text is one paragraph ending in a full stop.
    /// </summary>
    Reference,
}
