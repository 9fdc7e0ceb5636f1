namespace QualityDiversity.Llm.Client;

/// <summary>One message of a chat request.</summary>
/// <param name="Role">"system", "user" or "assistant".</param>
/// <param name="Content">The message text.</param>
public sealed record ChatTurn(string Role, string Content)
{
    /// <summary>A system message.</summary>
    public static ChatTurn System(string content) => new("system", content);

    /// <summary>A user message.</summary>
    public static ChatTurn User(string content) => new("user", content);

    /// <summary>An assistant message.</summary>
    public static ChatTurn Assistant(string content) => new("assistant", content);
}
