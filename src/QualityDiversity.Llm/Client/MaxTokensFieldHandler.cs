using System.Text.Json.Nodes;

namespace QualityDiversity.Llm.Client;

/// <summary>
/// Rewrites the completion-limit field of chat-completion request bodies to the one the server
/// reads (<see cref="MaxTokensField"/>). Bodies that are not JSON objects pass unchanged.
/// </summary>
public sealed class MaxTokensFieldHandler : DelegatingHandler
{
    private const string CompletionField = "max_completion_tokens", LegacyField = "max_tokens";
    private readonly MaxTokensField _field;

    /// <summary>Creates the handler for <paramref name="endpoint"/>, resolving <see cref="MaxTokensField.Auto"/> from its host.</summary>
    public MaxTokensFieldHandler(MaxTokensField field, Uri endpoint, HttpMessageHandler inner) : base(inner)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _field = field == MaxTokensField.Auto ? ForHost(endpoint) : field;
    }

    /// <summary>The field used: the resolved choice.</summary>
    public MaxTokensField Field => _field;

    /// <summary>OpenAI and Azure OpenAI take <c>max_completion_tokens</c>; everything else is given <c>max_tokens</c>.</summary>
    public static MaxTokensField ForHost(Uri endpoint)
    {
        string host = endpoint.Host.ToLowerInvariant();
        return host == "api.openai.com" || host.EndsWith(".openai.azure.com", StringComparison.Ordinal) || host.EndsWith(".openai.com", StringComparison.Ordinal)
            ? MaxTokensField.MaxCompletionTokens
            : MaxTokensField.MaxTokens;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_field != MaxTokensField.MaxCompletionTokens && request.Content is { } content)
        {
            var body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (Rewrite(body, _field) is { } rewritten)
            {
                var replacement = new ByteArrayContent(rewritten);
                foreach (var header in content.Headers)
                    if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) replacement.Headers.TryAddWithoutValidation(header.Key, header.Value);
                request.Content = replacement;
            }
        }
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The body with the limit moved to the chosen field, or null when nothing changes.</summary>
    public static byte[]? Rewrite(byte[] body, MaxTokensField field)
    {
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
        if (json is null || json[CompletionField] is not { } limit) return null;
        json[LegacyField] = limit.DeepClone();
        if (field == MaxTokensField.MaxTokens) json.Remove(CompletionField);
        return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
    }
}
