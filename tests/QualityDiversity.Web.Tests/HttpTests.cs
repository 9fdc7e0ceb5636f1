using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using QualityDiversity.Learning.Judges;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Web.Hosting;
using QualityDiversity.Web.Rendering;

namespace QualityDiversity.Web.Tests;

/// <summary>The judging app over real HTTP: Kestrel on 127.0.0.1, a free port, stopped by each test.</summary>
public sealed class HttpTests
{
    private const string Payload = "<script>alert('x')</script><img src=x onerror=alert(1)>&amp;";

    private static async Task<(JudgingServer Server, JudgingQueue Queue, Task<IReadOnlyList<Judgment>> Asked)> ServeTextsAsync(string title = "texts")
    {
        var queue = new JudgingQueue();
        var site = new JudgingSite(title, queue, ItemRenderers.For(null), null);
        var server = await JudgingServer.StartAsync(site, new IPEndPoint(IPAddress.Loopback, 0), "127.0.0.1", CancellationToken.None);
        Triplet triplet = new(new JudgedItem([0.0], Text: Payload), new JudgedItem([1.0], Text: "a plain text"), new JudgedItem([2.0], Text: "another"));
        var asked = queue.JudgeAsync([triplet]).AsTask();
        return (server, queue, asked);
    }

    private static HttpRequestMessage Answer(JudgingServer server, long id, string answer, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, "api/answers"))
        {
            Content = new StringContent(JsonSerializer.Serialize(new { id, answer, rater = "ana" }), Encoding.UTF8, "application/json"),
        };
        if (token is not null) request.Headers.Add("X-QD-Token", token);
        return request;
    }

    [Fact]
    public async Task A_write_needs_the_token()
    {
        var (server, queue, asked) = await ServeTextsAsync();
        await using var _ = server;
        using var http = new HttpClient();
        long id = queue.Pending.Single().Id;

        using var missing = await http.SendAsync(Answer(server, id, "a", token: null));
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        using var wrong = await http.SendAsync(Answer(server, id, "a", token: new string('x', server.Token.Length)));
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(1, queue.Progress.Waiting);

        using var right = await http.SendAsync(Answer(server, id, "b", server.Token));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var judgments = await Waiting.ForAsync(asked, "the queue to return its answer");
        Assert.Equal(TripletAnswer.B, Assert.Single(judgments).Answer);
        Assert.Equal("ana", judgments[0].JudgeName);

        // The same triplet again: it no longer waits.
        using var again = await http.SendAsync(Answer(server, id, "a", server.Token));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_cross_site_write_is_refused_even_with_the_token()
    {
        var (server, queue, _) = await ServeTextsAsync();
        await using var __ = server;
        using var http = new HttpClient();
        var request = Answer(server, queue.Pending.Single().Id, "a", server.Token);
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(1, queue.Progress.Waiting);
    }

    [Theory]
    [InlineData("config.json")]
    [InlineData("judgments.jsonl")]
    [InlineData("api/answers/../../config.json")]
    [InlineData("%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("api")]
    [InlineData("index.html")]
    public async Task A_path_outside_the_app_is_not_found(string path)
    {
        var (server, _, _) = await ServeTextsAsync();
        await using var __ = server;
        using var http = new HttpClient();
        using var response = await http.GetAsync(server.Address + path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Script_in_a_text_is_served_as_text()
    {
        var (server, _, _) = await ServeTextsAsync(title: Payload);
        await using var __ = server;
        using var http = new HttpClient();

        var next = await http.GetFromJsonAsync<JsonElement>(new Uri(server.Address, "api/next?rater=ana"));
        string reference = next.GetProperty("triplet").GetProperty("reference").GetString()!;
        Assert.Equal("<p class=\"text\">&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;</p>", reference);

        using var page = await http.GetAsync(server.Address);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<title>Judging · &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.Equal(1, html.Split("<script").Length - 1); // the page's own script only
        Assert.Contains("script-src 'nonce-", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task A_bad_answer_is_refused_with_its_field()
    {
        var (server, queue, _) = await ServeTextsAsync();
        await using var __ = server;
        using var http = new HttpClient();
        using var response = await http.SendAsync(Answer(server, queue.Pending.Single().Id, "maybe", server.Token));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("'answer' must be \"a\", \"b\" or \"s\" (skip), got \"maybe\"", error.GetProperty("error").GetString());

        var huge = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, "api/answers"))
        {
            Content = new StringContent($"{{\"id\":1,\"answer\":\"a\",\"rater\":\"{new string('r', 10_000)}\"}}", Encoding.UTF8, "application/json"),
        };
        huge.Headers.Add("X-QD-Token", server.Token);
        using var tooLarge = await http.SendAsync(huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(1, queue.Progress.Waiting);
    }
}
