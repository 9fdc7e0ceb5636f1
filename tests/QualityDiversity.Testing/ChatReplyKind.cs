namespace QualityDiversity.Testing;

/// <summary>What a <see cref="ChatReply"/> makes the server send.</summary>
public enum ChatReplyKind
{
    /// <summary>A 200 with a <c>chat.completion</c> JSON body.</summary>
    Completion,

    /// <summary>Any status code with an (OpenAI-style error) body and optionally a <c>Retry-After</c> header.</summary>
    Status,

    /// <summary>A 200 whose body is the given raw text (normally invalid JSON).</summary>
    Malformed,

    /// <summary>No answer at all: the request stays open until the client gives up or the server stops.</summary>
    Hang,
}
