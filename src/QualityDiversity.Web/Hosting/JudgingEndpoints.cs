using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using QualityDiversity.Learning.Judges;
using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Web.Hosting;

/// <summary>
/// The app's routes: <c>GET /</c> (the judging page), <c>GET /api/next</c> (the triplet to show a
/// rater, with progress), <c>GET /api/progress</c>, <c>GET /api/raters</c> (per-rater counts,
/// accuracy on gold, agreement), <c>POST /api/answers</c>, and for a run directory the read-only
/// <c>GET /dashboard</c> with its server-sent events at <c>GET /api/events</c>. Anything else is 404.
/// </summary>
/// <remarks>
/// Writes need the token in the <c>X-QD-Token</c> header (401 without it, 403 with a wrong one), a
/// JSON body, and no cross-site origin: a custom header and a JSON body cannot be sent by another
/// site's page without a CORS preflight, which this app never approves, so no other page can make
/// a rater's browser answer (the antiforgery measure). Each rater's answers pass a token bucket
/// (429 with Retry-After beyond it). Gold triplets have negative ids and are answered the same way.
/// </remarks>
internal static class JudgingEndpoints
{
    /// <summary>The header that carries the token.</summary>
    public const string TokenHeader = "X-QD-Token";

    /// <summary>Maps the routes of <paramref name="site"/> onto <paramref name="app"/>.</summary>
    /// <param name="app">The routes.</param>
    /// <param name="site">What they serve.</param>
    /// <param name="token">The server's token.</param>
    /// <param name="stopping">Ends the dashboard's event streams when the server stops.</param>
    public static void Map(IEndpointRouteBuilder app, JudgingSite site, AccessToken token, CancellationToken stopping)
    {
        app.MapGet("/", context => PageAsync(context, site));
        if (site.Directory is { } directory)
        {
            var feed = new Dashboard.DashboardFeed(site, directory);
            app.MapGet("/dashboard", context => HtmlAsync(context, nonce => Dashboard.DashboardPage.Render(site.Title, nonce)));
            app.MapGet("/api/events", context => EventsAsync(context, feed, stopping));
        }
        app.MapGet("/api/next", context => NextAsync(context, site));
        app.MapGet("/api/progress", context => WriteJsonAsync(context, StatusCodes.Status200OK, w => WriteState(w, site)));
        app.MapGet("/api/raters", context => WriteJsonAsync(context, StatusCodes.Status200OK, w => WriteRaters(w, site)));
        app.MapPost("/api/answers", context => AnswerAsync(context, site, token));
    }

    private static void WriteRaters(Utf8JsonWriter w, JudgingSite site)
    {
        w.WriteNumber("gold", site.Raters.Gold.Count);
        w.WriteStartArray("raters");
        foreach (var r in site.Raters.Stats())
        {
            w.WriteStartObject();
            w.WriteString("name", r.Rater);
            w.WriteNumber("answered", r.Answered);
            w.WriteNumber("goldAnswered", r.GoldAnswered);
            w.WriteNumber("goldCorrect", r.GoldCorrect);
            if (r.GoldAccuracy is { } accuracy) w.WriteNumber("goldAccuracy", accuracy);
            else w.WriteNull("goldAccuracy");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        var agreement = site.Raters.Agreement();
        w.WriteStartObject("agreement");
        w.WriteNumber("pairs", agreement.Pairs);
        w.WriteNumber("agreeing", agreement.Agreeing);
        if (agreement.Rate is { } rate) w.WriteNumber("rate", rate);
        else w.WriteNull("rate");
        w.WriteEndObject();
    }

    private static Task PageAsync(HttpContext context, JudgingSite site) => HtmlAsync(context, nonce => JudgingPage.Render(site.Title, nonce));

    // Server-sent events: the dashboard's view now, then again whenever it changes (checked every second), until the page or the server goes.
    private static async Task EventsAsync(HttpContext context, Dashboard.DashboardFeed feed, CancellationToken stopping)
    {
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        long sent = 0;
        int quiet = 0;
        try
        {
            while (!ending.IsCancellationRequested)
            {
                var (version, json) = feed.Current();
                if (version != sent)
                {
                    await response.WriteAsync($"event: view\ndata: {json}\n\n", ending.Token).ConfigureAwait(false);
                    sent = version;
                    quiet = 0;
                }
                else if (++quiet % 15 == 0)
                {
                    // A comment now and then keeps proxies from closing a quiet stream.
                    await response.WriteAsync(": still here\n\n", ending.Token).ConfigureAwait(false);
                }
                await response.Body.FlushAsync(ending.Token).ConfigureAwait(false);
                await Task.Delay(1000, ending.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static Task HtmlAsync(HttpContext context, Func<string, string> render)
    {
        string nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(render(nonce), context.RequestAborted);
    }

    private static Task NextAsync(HttpContext context, JudgingSite site)
    {
        string? rater = context.Request.Query["rater"];
        Triplet? next = null;
        long nextId = 0;
        string? nextKey = null;
        if (site.Queue is { } queue)
        {
            try
            {
                JudgingQueue.CheckRater(rater, nameof(rater));
                // Gold comes only between the run's own questions, so an idle run asks no one anything.
                if (queue.Progress.Waiting > 0 && site.Raters.Due(rater!) is { } gold)
                    (next, nextId, nextKey) = (gold.Triplet, gold.Id, gold.Key);
                else if (queue.Next(rater!) is { } pending)
                    (next, nextId, nextKey) = (pending.Triplet, pending.Id, pending.Key);
            }
            catch (ArgumentException e)
            {
                return ErrorAsync(context, StatusCodes.Status400BadRequest, $"rater: {e.Message.Split(" (Parameter")[0]}");
            }
        }
        return WriteJsonAsync(context, StatusCodes.Status200OK, w =>
        {
            WriteState(w, site);
            if (next is null)
            {
                w.WriteNull("triplet");
                return;
            }
            w.WriteStartObject("triplet");
            w.WriteNumber("id", nextId);
            w.WriteString("key", nextKey);
            w.WriteString("reference", site.Renderer.Render(next.Reference));
            w.WriteString("a", site.Renderer.Render(next.A));
            w.WriteString("b", site.Renderer.Render(next.B));
            w.WriteEndObject();
        });
    }

    private static async Task AnswerAsync(HttpContext context, JudgingSite site, AccessToken token)
    {
        var request = context.Request;
        if (!request.Headers.TryGetValue(TokenHeader, out var given) || given.Count != 1 || string.IsNullOrEmpty(given[0]))
        {
            await ErrorAsync(context, StatusCodes.Status401Unauthorized, $"a write needs the server's token in the {TokenHeader} header.").ConfigureAwait(false);
            return;
        }
        if (!token.Matches(given[0]))
        {
            await ErrorAsync(context, StatusCodes.Status403Forbidden, "the token is not this server's.").ConfigureAwait(false);
            return;
        }
        if (request.Headers["Sec-Fetch-Site"] is [{ } fetchSite] && fetchSite is not ("same-origin" or "none"))
        {
            await ErrorAsync(context, StatusCodes.Status403Forbidden, "answers are accepted from this app's own page only.").ConfigureAwait(false);
            return;
        }
        if (!request.HasJsonContentType())
        {
            await ErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, "the body must be JSON (Content-Type: application/json).").ConfigureAwait(false);
            return;
        }
        if (site.Queue is not { } queue)
        {
            await ErrorAsync(context, StatusCodes.Status409Conflict, "this run asks no questions.").ConfigureAwait(false);
            return;
        }

        long id;
        TripletAnswer? answer;
        string rater;
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, default, context.RequestAborted).ConfigureAwait(false);
            (id, answer, rater) = ParseAnswer(body.RootElement);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's limits: a body over 4 KiB is refused with 413.
            await ErrorAsync(context, e.StatusCode, e.Message).ConfigureAwait(false);
            return;
        }
        catch (JsonException e)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, $"the body is not valid JSON: {e.Message}").ConfigureAwait(false);
            return;
        }
        catch (FormatException e)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
            return;
        }

        JudgingAnswerResult result;
        try
        {
            JudgingQueue.CheckRater(rater, nameof(rater));
            var (allowed, retryAfter) = site.Limiter.TryAcquire(rater);
            if (!allowed)
            {
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ErrorAsync(context, StatusCodes.Status429TooManyRequests, "too many answers from this rater; wait a moment.").ConfigureAwait(false);
                return;
            }
            if (id < 0) result = site.Raters.AnswerGold(id, answer, rater, DateTimeOffset.UtcNow);
            else
            {
                result = queue.Answer(id, answer, rater);
                if (result != JudgingAnswerResult.NotPending) site.Raters.CountRunAnswer(rater, result == JudgingAnswerResult.Accepted);
            }
        }
        catch (ArgumentException e)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, $"rater: {e.Message.Split(" (Parameter")[0]}").ConfigureAwait(false);
            return;
        }
        int status = result == JudgingAnswerResult.NotPending ? StatusCodes.Status409Conflict : StatusCodes.Status200OK;
        await WriteJsonAsync(context, status, w =>
        {
            w.WriteString("result", result switch
            {
                JudgingAnswerResult.Accepted => "accepted",
                JudgingAnswerResult.Skipped => "skipped",
                _ => "not pending",
            });
            WriteState(w, site);
        }).ConfigureAwait(false);
    }

    // {"id": 12, "answer": "a" | "b" | "s", "rater": "ana"}
    private static (long Id, TripletAnswer? Answer, string Rater) ParseAnswer(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException("the body must be a JSON object with id, answer and rater.");
        if (!root.TryGetProperty("id", out var idElement) || !idElement.TryGetInt64(out long id))
            throw new FormatException("'id' must be the number of the triplet answered.");
        if (!root.TryGetProperty("answer", out var answerElement) || answerElement.ValueKind != JsonValueKind.String)
            throw new FormatException("'answer' must be \"a\", \"b\" or \"s\" (skip).");
        TripletAnswer? answer = answerElement.GetString() switch
        {
            "a" or "A" => TripletAnswer.A,
            "b" or "B" => TripletAnswer.B,
            "s" or "S" => null,
            var other => throw new FormatException($"'answer' must be \"a\", \"b\" or \"s\" (skip), got \"{other}\"."),
        };
        if (!root.TryGetProperty("rater", out var raterElement) || raterElement.ValueKind != JsonValueKind.String)
            throw new FormatException("'rater' must be the rater's name.");
        return (id, answer, raterElement.GetString()!);
    }

    private static void WriteState(Utf8JsonWriter w, JudgingSite site)
    {
        var state = site.State;
        w.WriteString("state", state.ToString().ToLowerInvariant());
        var p = site.Queue?.Progress ?? default;
        w.WriteStartObject("progress");
        w.WriteNumber("posted", p.Posted);
        w.WriteNumber("waiting", p.Waiting);
        w.WriteNumber("answered", p.Answered);
        w.WriteNumber("skipped", p.Skipped);
        if (site.Run is { } run)
        {
            w.WriteNumber("iteration", run.Iteration);
            w.WriteNumber("iterations", run.Total);
        }
        w.WriteEndObject();
    }

    /// <summary>A JSON error body <c>{"error": message}</c> with <paramref name="status"/>.</summary>
    public static Task ErrorAsync(HttpContext context, int status, string message) =>
        WriteJsonAsync(context, status, w => w.WriteString("error", message));

    private static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
