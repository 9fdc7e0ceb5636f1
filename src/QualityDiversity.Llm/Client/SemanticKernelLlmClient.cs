using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Chat;

namespace QualityDiversity.Llm.Client;

/// <summary>
/// Calls a model through Semantic Kernel's <see cref="IChatCompletionService"/>. Built from
/// <see cref="LlmOptions"/> it uses the OpenAI connector against any OpenAI-compatible endpoint,
/// with an HttpClient whose <see cref="RetryingHttpHandler"/> does retries and attempt timeouts;
/// any other chat-completion service (Azure OpenAI, a custom connector) can be supplied instead.
/// Requests for the completions route (<see cref="LlmRequest.Prompt"/>: base models, scored
/// continuations), which Semantic Kernel has no OpenAI connector for, are posted to
/// <c>{endpoint}/completions</c> through the same HttpClient, so they share its retries,
/// timeouts, concurrency limit and usage counts. At most <see cref="LlmOptions.MaxConcurrency"/>
/// requests are in flight. Failures come back as <see cref="LlmResult.Failed(string)"/>; only
/// cancellation throws.
/// </summary>
public sealed class SemanticKernelLlmClient : ILlmClient, IDisposable
{
    private readonly IChatCompletionService _service;
    private readonly LlmOptions _options;
    private readonly SemaphoreSlim _slots;
    private readonly HttpClient? _ownedHttpClient;

    /// <summary>Connects to the OpenAI-compatible endpoint of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SemanticKernelLlmClient(LlmOptions options, HttpMessageHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        // Timeouts are per attempt in the handler; the client-wide timeout must not cut retries short.
        var retrying = new RetryingHttpHandler(options, Usage, transport);
        _ownedHttpClient = new HttpClient(new MaxTokensFieldHandler(options.MaxTokensField, options.Endpoint, retrying)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        // The SDK's own retry policy is switched off so that retries happen once, in our handler,
        // where they honour Retry-After and are counted. Local servers take no key, but the client
        // insists on one: a placeholder is sent.
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.Endpoint,
            Transport = new HttpClientPipelineTransport(_ownedHttpClient),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        var client = new OpenAIClient(new ApiKeyCredential(options.ResolveApiKey() ?? "no-key"), clientOptions);
        _service = new OpenAIChatCompletionService(options.Model, client);
        _slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
    }

    /// <summary>Uses an already configured Semantic Kernel chat-completion service (chat route only: completions requests fail).</summary>
    public SemanticKernelLlmClient(IChatCompletionService service, LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _service = service;
        _options = options;
        _slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
    }

    /// <inheritdoc />
    public string Model => _options.Model;

    /// <summary>The options the client was built with.</summary>
    public LlmOptions Options => _options;

    /// <inheritdoc />
    public LlmUsage Usage { get; } = new();

    /// <inheritdoc />
    public async Task<LlmResult> CompleteAsync(LlmRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            request.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(e.Message, nameof(request), e);
        }
        if (request.Api == LlmApi.Completions) return await CompleteTextAsync(request, cancellationToken).ConfigureAwait(false);

        var history = new ChatHistory();
        foreach (var turn in request.Messages)
        {
            var role = turn.Role switch
            {
                "system" => AuthorRole.System,
                "user" => AuthorRole.User,
                "assistant" => AuthorRole.Assistant,
                _ => throw new ArgumentException($"Unknown chat role '{turn.Role}'; use system, user or assistant.", nameof(request)),
            };
            history.AddMessage(role, turn.Content);
        }
        var settings = new OpenAIPromptExecutionSettings
        {
            ModelId = _options.Model,
            Temperature = request.Temperature ?? _options.Temperature,
            MaxTokens = request.MaxTokens ?? _options.MaxTokens,
            Logprobs = request.Logprobs ? true : null,
            TopLogprobs = request.Logprobs ? request.TopLogprobs : null,
            TopP = request.TopP,
            StopSequences = request.Stop.Count == 0 ? null : request.Stop.Take(4).ToList(),
            Seed = request.Seed,
        };

        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var contents = await _service.GetChatMessageContentsAsync(history, settings, kernel: null, cancellationToken).ConfigureAwait(false);
            var answer = ReadAnswer(contents);
            Usage.AddCall(answer.PromptTokens, answer.CompletionTokens);
            if (string.IsNullOrEmpty(answer.Text))
            {
                Usage.AddFailure();
                return LlmResult.Failed(answer.FinishReason == "content_filter" ? "The model refused (content filter)." : "The model returned an empty answer.", answer);
            }
            return LlmResult.Success(answer);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            Usage.AddFailure();
            return LlmResult.Failed(Describe(e));
        }
        finally
        {
            _slots.Release();
        }
    }

    // The completions route: a plain JSON POST through the client's own HttpClient (retries,
    // attempt timeouts), under the same concurrency slots and usage counts as chat calls.
    private async Task<LlmResult> CompleteTextAsync(LlmRequest request, CancellationToken cancellationToken)
    {
        if (_ownedHttpClient is null)
            return LlmResult.Failed("This client wraps a chat-completion service and has no completions route; build it from LlmOptions to call /completions.");
        var root = _options.Endpoint.AbsoluteUri.EndsWith('/') ? _options.Endpoint : new Uri(_options.Endpoint.AbsoluteUri + "/");
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(root, "completions"))
        {
            Content = new ByteArrayContent(CompletionsWire.Body(request, _options)),
        };
        message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (_options.ResolveApiKey() is { } key) message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);

        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var response = await _ownedHttpClient.SendAsync(message, cancellationToken).ConfigureAwait(false);
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                Usage.AddFailure();
                return LlmResult.Failed($"HTTP {(int)response.StatusCode} ({response.StatusCode}) from the endpoint: {Shorten(body)}");
            }
            LlmAnswer answer;
            string? problem;
            try
            {
                answer = CompletionsWire.Read(body, request, out problem);
            }
            catch (System.Text.Json.JsonException e)
            {
                Usage.AddFailure();
                return LlmResult.Failed($"The endpoint's answer could not be read (it is not the JSON of a completion: {e.Message}).");
            }
            Usage.AddCall(answer.PromptTokens, answer.CompletionTokens);
            if (problem is not null)
            {
                Usage.AddFailure();
                return LlmResult.Failed(problem, answer);
            }
            // An empty continuation is a real answer on this route (a base model may stop at
            // once); the caller decides what it means.
            return LlmResult.Success(answer);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            Usage.AddFailure();
            return LlmResult.Failed(Describe(e));
        }
        finally
        {
            _slots.Release();
        }
    }

    private static LlmAnswer ReadAnswer(IReadOnlyList<Microsoft.SemanticKernel.ChatMessageContent> contents)
    {
        if (contents.Count == 0) return new LlmAnswer { Text = "" };
        var message = contents[0];
        var metadata = message.Metadata;
        long prompt = 0, completion = 0;
        if (metadata?.TryGetValue("Usage", out var usage) == true && usage is ChatTokenUsage tokens)
        {
            prompt = tokens.InputTokenCount;
            completion = tokens.OutputTokenCount;
        }
        string? finish = metadata?.TryGetValue("FinishReason", out var reason) == true ? FinishReasonName(reason) : null;
        var logprobs = new List<TokenLogprob>();
        if (metadata?.TryGetValue("ContentTokenLogProbabilities", out var lp) == true && lp is IReadOnlyList<ChatTokenLogProbabilityDetails> details)
        {
            foreach (var d in details)
                logprobs.Add(new TokenLogprob(d.Token, d.LogProbability, d.TopLogProbabilities.Select(t => new TokenAlternative(t.Token, t.LogProbability)).ToArray()));
        }
        string text = message.Content ?? "";
        if (text.Length == 0 && metadata?.TryGetValue("Refusal", out var refusal) == true && refusal is string r && r.Length > 0)
            finish = "content_filter";
        return new LlmAnswer { Text = text, Logprobs = logprobs, FinishReason = finish, PromptTokens = prompt, CompletionTokens = completion };
    }

    private static string? FinishReasonName(object? reason) => reason switch
    {
        null => null,
        ChatFinishReason r => r switch
        {
            ChatFinishReason.Stop => "stop",
            ChatFinishReason.Length => "length",
            ChatFinishReason.ContentFilter => "content_filter",
            ChatFinishReason.ToolCalls => "tool_calls",
            ChatFinishReason.FunctionCall => "function_call",
            _ => r.ToString().ToLowerInvariant(),
        },
        // The connector reports the SDK's enum name ("ContentFilter"); answers use the wire form ("content_filter").
        _ => SnakeCase(reason.ToString()),
    };

    private static string? SnakeCase(string? name)
    {
        if (string.IsNullOrEmpty(name)) return name;
        var text = new System.Text.StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c) && i > 0 && name[i - 1] != '_') text.Append('_');
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }

    // Failure reasons are read by people: what happened, in words, never an exception's type name.
    private static string Describe(Exception e)
    {
        if (e is HttpOperationException { StatusCode: { } status } http)
            return $"HTTP {(int)status} ({status}) from the endpoint: {Shorten(http.ResponseContent ?? http.Message)}";
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is TimeoutException) return inner.Message;
            if (inner is HttpRequestException request) return $"Could not reach the endpoint: {request.Message}";
            if (inner is System.Text.Json.JsonException) return "The endpoint's answer could not be read (it is not the JSON of a chat completion).";
        }
        return $"The model call failed: {Shorten(e.InnerException?.Message ?? e.Message)}";
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    /// <inheritdoc />
    public void Dispose()
    {
        _ownedHttpClient?.Dispose();
        _slots.Dispose();
    }
}
