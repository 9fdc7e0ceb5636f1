using System.Globalization;
using QualityDiversity.Llm.Client;
using QualityDiversity.Llm.Variation;
using QualityDiversity.Text.Scoring;

namespace QualityDiversity.Llm.Judging;

/// <summary>
/// A quality rating from 1 to 10 returned as JSON (<c>{"rating": 7}</c>, or under another key),
/// read robustly: the JSON field when present, else the first number in the answer. Ratings
/// outside [1, 10] or answers without a number fail the evaluation.
/// </summary>
public sealed class RatingJudge : ITextScorer
{
    private readonly ILlmClient _client;

    /// <summary>Creates the judge in the chat layout, asking for <c>{"rating": n}</c>.</summary>
    /// <param name="client">The judging model.</param>
    /// <param name="criterion">What is rated, e.g. "How good is this poem?".</param>
    /// <param name="name">Name of the score.</param>
    public RatingJudge(ILlmClient client, string criterion, string name = "quality")
        : this(client, criterion, name, "rating", new JsonJudgeOptions())
    {
    }

    /// <summary>Creates the judge.</summary>
    /// <param name="client">The judging model.</param>
    /// <param name="criterion">
    /// In the chat layout, what is rated (the scale and JSON form are added); in the reference
    /// layout, the whole question as written after the text (it must name the JSON key).
    /// </param>
    /// <param name="name">Name of the score.</param>
    /// <param name="jsonKey">The JSON key the rating is read from ("rating"; QDAIF's poetry reference: "quality").</param>
    /// <param name="options">Layout and sampling.</param>
    public RatingJudge(ILlmClient client, string criterion, string name, string jsonKey, JsonJudgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(criterion);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(jsonKey);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _client = client;
        Criterion = criterion;
        Name = name;
        JsonKey = jsonKey;
        Options = options;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>What is rated.</summary>
    public string Criterion { get; }

    /// <summary>The JSON key of the rating.</summary>
    public string JsonKey { get; }

    /// <summary>Layout and sampling.</summary>
    public JsonJudgeOptions Options { get; }

    /// <summary>The whole prompt for <paramref name="text"/>.</summary>
    public string PromptFor(string text) => Options.Prompt(Options.Style == JudgeStyle.Reference
        ? Criterion
        : $"{Criterion}\nRate it from 1 (very poor) to 10 (excellent). Reply with JSON only, in the form {{\"{JsonKey}\": <integer 1-10>}}.", text);

    /// <inheritdoc />
    public async Task<TextScore> ScoreAsync(string text, CancellationToken cancellationToken)
    {
        var result = await JudgeCall.AskAsync(_client, Name, Options.Api, PromptFor(text), Options.MaxTokens, cancellationToken,
            temperature: Options.Temperature, topP: Options.TopP).ConfigureAwait(false);
        if (!result.Succeeded) return TextScore.Failed(result.Failure!, "json");
        string answer = result.Answer!.Text;
        string mode = "json";
        double rating;
        if (AnswerParsing.TryJsonField(answer, JsonKey, out var field) && double.TryParse(field.Trim('"', ' '), NumberStyles.Float, CultureInfo.InvariantCulture, out rating))
        {
        }
        else if (AnswerParsing.TryFirstNumber(answer, out rating))
        {
            mode = "number";
        }
        else
        {
            return TextScore.Failed($"No rating in the answer '{Completion.Shorten(answer)}'.", "json", answer);
        }
        if (rating < 1 || rating > 10) return TextScore.Failed(string.Create(CultureInfo.InvariantCulture, $"The rating {rating} is outside 1–10."), mode, answer);
        return TextScore.Of(rating, mode, answer);
    }
}
