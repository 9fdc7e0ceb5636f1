using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace QualityDiversity.Web.Tests;

/// <summary>The judging app's API as a rater's page calls it.</summary>
internal static class Api
{
    /// <summary>The triplet shown to <paramref name="rater"/> next: its id, or null when none waits.</summary>
    public static async Task<long?> NextAsync(HttpClient http, JudgingServer server, string rater)
    {
        var next = await http.GetFromJsonAsync<JsonElement>(new Uri(server.Address, "api/next?rater=" + Uri.EscapeDataString(rater)));
        var triplet = next.GetProperty("triplet");
        return triplet.ValueKind == JsonValueKind.Null ? null : triplet.GetProperty("id").GetInt64();
    }

    /// <summary>Sends <paramref name="rater"/>'s answer ("a", "b" or "s") to triplet <paramref name="id"/> with the server's token.</summary>
    public static Task<HttpResponseMessage> AnswerAsync(HttpClient http, JudgingServer server, long id, string answer, string rater)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, "api/answers"))
        {
            Content = new StringContent(JsonSerializer.Serialize(new { id, answer, rater }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-QD-Token", server.Token);
        return http.SendAsync(request);
    }

    /// <summary>Sends an answer that must be accepted.</summary>
    public static async Task AcceptedAsync(HttpClient http, JudgingServer server, long id, string answer, string rater)
    {
        using var response = await AnswerAsync(http, server, id, answer, rater);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
