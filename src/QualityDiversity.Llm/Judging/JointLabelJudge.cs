using System.Text;
using QualityDiversity.Llm.Client;
using QualityDiversity.Llm.Variation;
using QualityDiversity.Text.Scoring;

namespace QualityDiversity.Llm.Judging;

/// <summary>
/// Places a text on several label axes with one question, as QDAIF's poetry reference judges a
/// poem's genre and tone together: one line per axis ("What genre is this poem closest to from
/// the following list: ["haiku", "sonnet", …]"), then "Respond in JSON with the keys "genre" and
/// "tone".". Each axis's score is the index of the label its JSON key names; an axis whose
/// answer names no label (or several) fails alone.
/// </summary>
public sealed class JointLabelJudge : ITextMultiScorer
{
    private readonly ILlmClient _client;
    private readonly (string Name, string Question, string[] Labels)[] _axes;

    /// <summary>Creates the judge.</summary>
    /// <param name="client">The judging model.</param>
    /// <param name="axes">Per axis: its name (also its JSON key), the question that precedes its label list, and its labels in axis order.</param>
    /// <param name="options">Layout and sampling.</param>
    /// <exception cref="ArgumentException">An axis is malformed; the message names it.</exception>
    public JointLabelJudge(ILlmClient client, IReadOnlyList<(string Name, string Question, IReadOnlyList<string> Labels)> axes, JsonJudgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (axes.Count == 0) throw new ArgumentException("A joint label judge needs at least one axis.", nameof(axes));
        for (int k = 0; k < axes.Count; k++)
        {
            var (name, question, labels) = axes[k];
            if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(question))
                throw new ArgumentException($"Axis {k} of the joint label judge needs a name and a question.", nameof(axes));
            if (labels is null || labels.Count < 2) throw new ArgumentException($"Axis '{name}' needs at least two labels.", nameof(axes));
            if (labels.Select(AnswerParsing.Normalize).Distinct().Count() != labels.Count) throw new ArgumentException($"Axis '{name}' has repeated labels.", nameof(axes));
        }
        if (axes.Select(a => a.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != axes.Count)
            throw new ArgumentException("The axes of a joint label judge need distinct names (they are the JSON keys).", nameof(axes));
        _client = client;
        _axes = axes.Select(a => (a.Name, a.Question, a.Labels.ToArray())).ToArray();
        Options = options;
        Names = _axes.Select(a => a.Name).ToArray();
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; }

    /// <summary>Layout and sampling.</summary>
    public JsonJudgeOptions Options { get; }

    /// <summary>The question asked after the text: one line per axis, a blank line, and the JSON request.</summary>
    public string Instruction
    {
        get
        {
            var text = new StringBuilder();
            foreach (var (_, question, labels) in _axes)
                text.Append(question.Trim()).Append(" [").Append(string.Join(", ", labels.Select(l => $"\"{l}\""))).Append("]\n");
            var keys = _axes.Select(a => $"\"{a.Name}\"").ToArray();
            string keyList = keys.Length == 1 ? $"the key {keys[0]}" : $"the keys {string.Join(", ", keys[..^1])} and {keys[^1]}";
            text.Append('\n').Append("Respond in JSON with ").Append(keyList).Append('.');
            return text.ToString();
        }
    }

    /// <summary>The whole prompt for <paramref name="text"/>.</summary>
    public string PromptFor(string text) => Options.Prompt(Instruction, text);

    /// <inheritdoc />
    public async Task<IReadOnlyList<TextScore>> ScoreAsync(string text, CancellationToken cancellationToken)
    {
        var result = await JudgeCall.AskAsync(_client, "measures", Options.Api, PromptFor(text), Options.MaxTokens, cancellationToken,
            temperature: Options.Temperature, topP: Options.TopP).ConfigureAwait(false);
        if (!result.Succeeded) return _axes.Select(_ => TextScore.Failed(result.Failure!, "json")).ToArray();
        string answer = result.Answer!.Text;
        var scores = new TextScore[_axes.Length];
        for (int k = 0; k < _axes.Length; k++)
        {
            var (name, _, labels) = _axes[k];
            int index = AnswerParsing.TryJsonField(answer, name, out var field) ? AnswerParsing.FindLabel(field, labels) : -1;
            scores[k] = index >= 0
                ? TextScore.Of(index, "json", answer)
                : TextScore.Failed($"The answer's '{name}' names none (or several) of: {string.Join(", ", labels)} ('{Completion.Shorten(answer)}').", "json", answer);
        }
        return scores;
    }
}
