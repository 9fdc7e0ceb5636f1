using System.Globalization;
using QualityDiversity.Llm.Client;
using QualityDiversity.Llm.Variation;
using QualityDiversity.Text.Scoring;

namespace QualityDiversity.Llm.Judging;

/// <summary>
/// A quality rating from 1 to 10 returned as JSON (<c>{"rating": 7}</c>), read robustly: the
/// JSON field when present, else the first number in the answer. Ratings outside [1, 10] or
/// answers without a number fail the evaluation.
/// </summary>
public sealed class RatingJudge : ITextScorer
{
    private readonly ILlmClient _client;

    /// <summary>Creates the judge.</summary>
    /// <param name="client">The judging model.</param>
    /// <param name="criterion">What is rated, e.g. "How good is this poem?".</param>
    /// <param name="name">Name of the score.</param>
    public RatingJudge(ILlmClient client, string criterion, string name = "quality")
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(criterion);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _client = client;
        Criterion = criterion;
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>What is rated.</summary>
    public string Criterion { get; }

    /// <inheritdoc />
    public async Task<TextScore> ScoreAsync(string text, CancellationToken cancellationToken)
    {
        var instruction = $"{Criterion}\nRate it from 1 (very poor) to 10 (excellent). Reply with JSON only, in the form {{\"rating\": <integer 1-10>}}.";
        var result = await JudgeCall.AskAsync(_client, Name, instruction, text, 20, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded) return TextScore.Failed(result.Failure!, "json");
        string answer = result.Answer!.Text;
        string mode = "json";
        double rating;
        if (AnswerParsing.TryJsonField(answer, "rating", out var field) && double.TryParse(field.Trim('"', ' '), NumberStyles.Float, CultureInfo.InvariantCulture, out rating))
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
