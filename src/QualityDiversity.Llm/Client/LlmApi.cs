namespace QualityDiversity.Llm.Client;

/// <summary>Which OpenAI-compatible route a request goes to.</summary>
public enum LlmApi
{
    /// <summary><c>/chat/completions</c>: a conversation rendered through the model's chat template (instruction-tuned models).</summary>
    Chat,

    /// <summary>
    /// <c>/completions</c>: raw text continued as it stands, with no chat template (base models,
    /// as QDAIF's reference generates and judges). The same route scores a given continuation
    /// when the server echoes prompt log-probabilities (vLLM, OpenAI's legacy completion models).
    /// </summary>
    Completions,
}
