using System.Globalization;
using QualityDiversity.Llm.Client;
using QualityDiversity.Llm.Variation;
using QualityDiversity.Text.Scoring;

namespace QualityDiversity.Llm.Judging;

/// <summary>
/// AI feedback as a binary question ("is this opinion positive or negative?"). The score is
/// the probability of the first option: the softmax of the two options' log-probabilities at
/// the first answer token when the endpoint returns log-probabilities; otherwise (or in
/// <see cref="JudgeMode.Verbal"/>) the model is asked for a number from 0 to 100 that is parsed
/// robustly, with a bare label as a last resort. The mode used is recorded with every score.
/// </summary>
public sealed class BinaryQuestionJudge : ITextScorer
{
    private readonly ILlmClient _client;

    /// <summary>Creates the judge.</summary>
    /// <param name="client">The judging model.</param>
    /// <param name="name">Name of the score (e.g. the axis name).</param>
    /// <param name="question">The question, e.g. "What is the sentiment of this opinion?".</param>
    /// <param name="firstOption">The option whose probability is the score (e.g. "positive").</param>
    /// <param name="secondOption">The other option (e.g. "negative").</param>
    /// <param name="mode">How answers become probabilities.</param>
    /// <param name="topLogprobs">Alternatives per token to request.</param>
    public BinaryQuestionJudge(ILlmClient client, string name, string question, string firstOption, string secondOption, JudgeMode mode = JudgeMode.Auto, int topLogprobs = 5)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        ArgumentException.ThrowIfNullOrWhiteSpace(firstOption);
        ArgumentException.ThrowIfNullOrWhiteSpace(secondOption);
        if (AnswerParsing.Normalize(firstOption) == AnswerParsing.Normalize(secondOption))
            throw new ArgumentException($"The two options of '{name}' must differ, both are '{firstOption}'.", nameof(secondOption));
        _client = client;
        Name = name;
        Question = question;
        FirstOption = firstOption;
        SecondOption = secondOption;
        Mode = mode;
        TopLogprobs = topLogprobs;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The question.</summary>
    public string Question { get; }

    /// <summary>The option whose probability is the score.</summary>
    public string FirstOption { get; }

    /// <summary>The other option.</summary>
    public string SecondOption { get; }

    /// <summary>How answers become probabilities.</summary>
    public JudgeMode Mode { get; }

    /// <summary>Alternatives per token requested.</summary>
    public int TopLogprobs { get; }

    /// <inheritdoc />
    public async Task<TextScore> ScoreAsync(string text, CancellationToken cancellationToken)
    {
        string? labelAnswer = null;
        if (Mode != JudgeMode.Verbal)
        {
            var instruction = $"{Question}\nAnswer with exactly one word: {FirstOption} or {SecondOption}.";
            var result = await JudgeCall.AskAsync(_client, Name, instruction, text, 5, cancellationToken, TopLogprobs).ConfigureAwait(false);
            if (!result.Succeeded) return TextScore.Failed(result.Failure!, "logprobs");
            labelAnswer = result.Answer!.Text;
            if (OptionProbability.FromLogprobs(result.Answer.Logprobs, FirstOption, SecondOption) is { } p)
                return TextScore.Of(p, "logprobs", labelAnswer);
            if (Mode == JudgeMode.Logprobs)
                return TextScore.Failed(result.Answer.Logprobs.Count == 0
                    ? "The endpoint returned no log-probabilities."
                    : $"Neither '{FirstOption}' nor '{SecondOption}' is among the likely first answer tokens.", "logprobs", labelAnswer);
        }
        return await VerbalAsync(text, labelAnswer, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TextScore> VerbalAsync(string text, string? labelAnswer, CancellationToken cancellationToken)
    {
        var instruction = $"{Question}\nGive the probability, from 0 to 100, that the answer is {FirstOption} rather than {SecondOption}. Reply with the number only.";
        var result = await JudgeCall.AskAsync(_client, Name, instruction, text, 8, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded) return TextScore.Failed(result.Failure!, "verbal_number");
        string answer = result.Answer!.Text;
        if (AnswerParsing.TryFirstNumber(answer, out double number) && number >= 0 && number <= 100)
        {
            // "0.8" and "80" both occur in practice; values in (0, 1) with a decimal point are read as probabilities.
            double p = number < 1 && answer.Contains('.', StringComparison.Ordinal) ? number : number / 100.0;
            return TextScore.Of(p, "verbal_number", answer);
        }
        int label = AnswerParsing.FindLabel(answer, [FirstOption, SecondOption]);
        if (label < 0 && labelAnswer is not null) label = AnswerParsing.FindLabel(labelAnswer, [FirstOption, SecondOption]);
        if (label >= 0) return TextScore.Of(label == 0 ? 1.0 : 0.0, "verbal_label", answer);
        return TextScore.Failed(string.Create(CultureInfo.InvariantCulture, $"Could not read a probability or a label from the answer '{Completion.Shorten(answer)}'."), "verbal_number", answer);
    }
}
