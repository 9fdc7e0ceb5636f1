namespace QualityDiversity.Llm.Judging;

/// <summary>How a judge lays out its prompt and its answer strings.</summary>
public enum JudgeStyle
{
    /// <summary>
    /// This project's layout for chat models: the question is followed by "Answer with exactly
    /// one word: A or B.", the prompt ends with a line break after "### Response:", and the
    /// answer strings are the options themselves.
    /// </summary>
    Chat,

    /// <summary>
    /// QDAIF's reference layout: the question is the whole instruction (the reference's own
    /// wording), the prompt ends at "### Response:" with no line break, and each answer string is
    /// the option after a space and a line break (" \npositive"), as the reference scores them.
    /// </summary>
    Reference,
}
