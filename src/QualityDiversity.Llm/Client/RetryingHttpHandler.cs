using System.Net;
using System.Net.Http.Headers;

namespace QualityDiversity.Llm.Client;

/// <summary>
/// Retries an HTTP exchange on 408, 429 and 5xx answers, attempt timeouts and connection
/// errors, with exponential back-off (jittered) or the server's Retry-After / retry-after-ms
/// when it sends one, capped at <see cref="LlmOptions.MaxBackoff"/>. Sits under the OpenAI
/// connector's HttpClient, so the connector itself is used unchanged. After the last attempt
/// the final response (or error) is passed up for the client to record as a failure.
/// </summary>
public sealed class RetryingHttpHandler : DelegatingHandler
{
    private readonly LlmOptions _options;
    private readonly LlmUsage _usage;

    /// <summary>Creates the handler over <paramref name="inner"/>.</summary>
    public RetryingHttpHandler(LlmOptions options, LlmUsage usage, HttpMessageHandler? inner = null)
        : base(inner ?? new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(usage);
        _options = options;
        _usage = usage;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The body is buffered once so that every attempt can send it again.
        byte[]? body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var contentHeaders = request.Content?.Headers.ToArray() ?? [];

        for (int attempt = 0; ; attempt++)
        {
            bool last = attempt >= _options.MaxRetries;
            using var attemptRequest = CopyOf(request, body, contentHeaders);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.Timeout);
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(attemptRequest, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (last) throw new TimeoutException($"No answer from {request.RequestUri?.GetLeftPart(UriPartial.Authority)} within {_options.Timeout.TotalSeconds:0.###} s, after {attempt + 1} attempt(s).");
                await WaitAsync(attempt, null, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (HttpRequestException) when (!last)
            {
                await WaitAsync(attempt, null, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (last || !IsRetryable(response.StatusCode)) return response;
            var retryAfter = RetryAfter(response);
            response.Dispose();
            await WaitAsync(attempt, retryAfter, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether a status is worth another attempt.</summary>
    public static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>The wait a response asks for (retry-after-ms, or Retry-After as seconds or a date), if any.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.FirstOrDefault(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var millis) && millis >= 0)
            return TimeSpan.FromMilliseconds(millis);
        RetryConditionHeaderValue? header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    private async Task WaitAsync(int attempt, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        _usage.AddRetry();
        TimeSpan wait;
        if (retryAfter is { } asked)
        {
            wait = asked;
        }
        else
        {
            double exponential = _options.InitialBackoff.TotalMilliseconds * Math.Pow(2, attempt);
            // Full jitter in [0.5, 1] of the exponential step keeps concurrent callers from retrying in lockstep.
            wait = TimeSpan.FromMilliseconds(exponential * (0.5 + 0.5 * Random.Shared.NextDouble()));
        }
        if (wait > _options.MaxBackoff) wait = _options.MaxBackoff;
        if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
    }

    private static HttpRequestMessage CopyOf(HttpRequestMessage request, byte[]? body, KeyValuePair<string, IEnumerable<string>>[] contentHeaders)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var header in request.Headers) copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        foreach (var option in request.Options) ((IDictionary<string, object?>)copy.Options)[option.Key] = option.Value;
        if (body is not null)
        {
            copy.Content = new ByteArrayContent(body);
            foreach (var header in contentHeaders) copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        return copy;
    }
}
