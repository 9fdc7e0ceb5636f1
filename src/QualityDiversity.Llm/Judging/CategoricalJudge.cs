using QualityDiversity.Llm.Client;
using QualityDiversity.Llm.Variation;
using QualityDiversity.Text.Scoring;

namespace QualityDiversity.Llm.Judging;

/// <summary>
/// Places a text on a label axis (e.g. poem genre: haiku, sonnet, ballad…): the model answers
/// with JSON <c>{"label": "..."}</c> or a bare label, and the score is the label's index, which
/// is the measure a categorical archive expects. An answer naming no label, or several, fails.
/// </summary>
public sealed class CategoricalJudge : ITextScorer
{
    private readonly ILlmClient _client;
    private readonly string[] _labels;

    /// <summary>Creates the judge.</summary>
    /// <param name="client">The judging model.</param>
    /// <param name="name">Name of the axis.</param>
    /// <param name="question">The question, e.g. "Which genre is this poem?".</param>
    /// <param name="labels">The labels, in axis order.</param>
    public CategoricalJudge(ILlmClient client, string name, string question, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count < 2) throw new ArgumentException($"Axis '{name}' needs at least two labels.", nameof(labels));
        if (labels.Select(AnswerParsing.Normalize).Distinct().Count() != labels.Count) throw new ArgumentException($"Axis '{name}' has repeated labels.", nameof(labels));
        _client = client;
        Name = name;
        Question = question;
        _labels = labels.ToArray();
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The question.</summary>
    public string Question { get; }

    /// <summary>The labels in axis order.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <inheritdoc />
    public async Task<TextScore> ScoreAsync(string text, CancellationToken cancellationToken)
    {
        var instruction = $"{Question}\nChoose exactly one of: {string.Join(", ", _labels)}. Reply with JSON only, in the form {{\"label\": \"<one of the choices>\"}}.";
        var result = await JudgeCall.AskAsync(_client, Name, instruction, text, 20, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded) return TextScore.Failed(result.Failure!, "json");
        string answer = result.Answer!.Text;
        int index = AnswerParsing.TryJsonField(answer, "label", out var field) ? AnswerParsing.FindLabel(field, _labels) : -1;
        string mode = "json";
        if (index < 0)
        {
            index = AnswerParsing.FindLabel(answer, _labels);
            mode = "label";
        }
        if (index < 0) return TextScore.Failed($"The answer '{Completion.Shorten(answer)}' names none (or several) of: {string.Join(", ", _labels)}.", mode, answer);
        return TextScore.Of(index, mode, answer);
    }
}
