namespace QualityDiversity.Testing;

/// <summary>One entry of a request's <c>messages</c>.</summary>
/// <param name="Role">system, developer, user, assistant or tool.</param>
/// <param name="Content">The text; array content has its text parts joined, null content is empty.</param>
/// <param name="Name">The optional participant <c>name</c>.</param>
public sealed record ChatRequestMessage(string Role, string Content, string? Name = null);
