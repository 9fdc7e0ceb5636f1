using System.Globalization;
using QualityDiversity.Llm.Client;
using QualityDiversity.Llm.Variation;
using QualityDiversity.Text.Scoring;

namespace QualityDiversity.Llm.Judging;

/// <summary>
/// AI feedback as a binary question ("is this opinion positive or negative?"). The score is the
/// probability of the first option, read by the first path the endpoint and
/// <see cref="BinaryJudgeOptions.Mode"/> allow, and recorded with every score:
/// <list type="number">
/// <item><c>option_logprobs</c> (completions route): each whole answer string is scored as a
/// continuation of the prompt and the two log-probabilities are softmax-normalised, as QDAIF's
/// reference does; the score is continuous.</item>
/// <item><c>logprobs</c>: the softmax of the two options' probabilities among the first answer
/// token's top alternatives (exactly 0 or 1 when one option is not among them).</item>
/// <item><c>verbal_number</c>: the model is asked for the probability on a 0–1000 scale, fine
/// enough for every bin of QDAIF's edges (0.005 apart near 0 and 1), parsed robustly, with a
/// bare label (<c>verbal_label</c>, 0 or 1) as a last resort.</item>
/// </list>
/// </summary>
public sealed class BinaryQuestionJudge : ITextScorer
{
    private readonly ILlmClient _client;
    // Set once the endpoint shows it cannot score continuations, so later texts skip that path.
    // Results do not depend on it: the path would fail the same way again.
    private volatile bool _optionsUnsupported;

    /// <summary>Creates the judge.</summary>
    /// <param name="client">The judging model.</param>
    /// <param name="name">Name of the score (e.g. the axis name).</param>
    /// <param name="question">The question, e.g. "What is the sentiment of this opinion?" (in the reference style, the whole instruction).</param>
    /// <param name="firstOption">The option whose probability is the score (e.g. "positive").</param>
    /// <param name="secondOption">The other option (e.g. "negative").</param>
    /// <param name="mode">How answers become probabilities.</param>
    /// <param name="topLogprobs">Alternatives per token to request.</param>
    public BinaryQuestionJudge(ILlmClient client, string name, string question, string firstOption, string secondOption, JudgeMode mode = JudgeMode.Auto, int topLogprobs = 5)
        : this(client, name, question, firstOption, secondOption, new BinaryJudgeOptions { Mode = mode, TopLogprobs = topLogprobs })
    {
    }

    /// <summary>Creates the judge with explicit options.</summary>
    /// <exception cref="ArgumentException">A definition or option is invalid; the message names it.</exception>
    public BinaryQuestionJudge(ILlmClient client, string name, string question, string firstOption, string secondOption, BinaryJudgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        ArgumentException.ThrowIfNullOrWhiteSpace(firstOption);
        ArgumentException.ThrowIfNullOrWhiteSpace(secondOption);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (AnswerParsing.Normalize(firstOption) == AnswerParsing.Normalize(secondOption))
            throw new ArgumentException($"The two options of '{name}' must differ, both are '{firstOption}'.", nameof(secondOption));
        _client = client;
        Name = name;
        Question = question;
        FirstOption = firstOption;
        SecondOption = secondOption;
        Options = options;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The question.</summary>
    public string Question { get; }

    /// <summary>The option whose probability is the score.</summary>
    public string FirstOption { get; }

    /// <summary>The other option.</summary>
    public string SecondOption { get; }

    /// <summary>How the judge asks and reads.</summary>
    public BinaryJudgeOptions Options { get; }

    /// <summary>How answers become probabilities.</summary>
    public JudgeMode Mode => Options.Mode;

    /// <summary>Alternatives per token requested.</summary>
    public int TopLogprobs => Options.TopLogprobs;

    /// <summary>The instruction asked (the question, plus the one-word request in the chat style).</summary>
    public string Instruction => Options.Style == JudgeStyle.Chat
        ? $"{Question}\nAnswer with exactly one word: {FirstOption} or {SecondOption}."
        : Question;

    /// <summary>The whole prompt for <paramref name="text"/>.</summary>
    public string PromptFor(string text) => JudgePrompt.Render(Instruction, text, Options.Style);

    /// <summary>The two answer strings scored as continuations (" \npositive", " \nnegative" in the reference style).</summary>
    public (string First, string Second) AnswerStrings =>
        (JudgePrompt.AnswerString(FirstOption, Options.Style), JudgePrompt.AnswerString(SecondOption, Options.Style));

    /// <inheritdoc />
    public async Task<TextScore> ScoreAsync(string text, CancellationToken cancellationToken)
    {
        string prompt = PromptFor(text);
        if (Mode is JudgeMode.Auto or JudgeMode.OptionLogprobs && Options.Api == LlmApi.Completions && !_optionsUnsupported)
        {
            var scored = await OptionsAsync(prompt, cancellationToken).ConfigureAwait(false);
            if (scored.Succeeded || Mode == JudgeMode.OptionLogprobs) return scored;
        }

        string? labelAnswer = null;
        if (Mode is JudgeMode.Auto or JudgeMode.Logprobs)
        {
            var result = await JudgeCall.AskAsync(_client, Name, Options.Api, prompt, 5, cancellationToken, TopLogprobs).ConfigureAwait(false);
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

    // Both answer strings scored after the same prompt, then softmax-normalised.
    private async Task<TextScore> OptionsAsync(string prompt, CancellationToken cancellationToken)
    {
        var (first, second) = AnswerStrings;
        var results = await Task.WhenAll(
            JudgeCall.ScoreAsync(_client, Name, prompt, first, cancellationToken),
            JudgeCall.ScoreAsync(_client, Name, prompt, second, cancellationToken)).ConfigureAwait(false);
        foreach (var result in results)
        {
            if (result.Succeeded && result.Answer!.ContinuationLogprob is not null) continue;
            string reason = result.Failure ?? "The endpoint returned no log-probability for the answer string.";
            if (ShowsNoSupport(reason)) _optionsUnsupported = true;
            return TextScore.Failed(reason, "option_logprobs");
        }
        double a = results[0].Answer!.ContinuationLogprob!.Value, b = results[1].Answer!.ContinuationLogprob!.Value;
        double p;
        try
        {
            p = OptionProbability.FromOptionLogprobs(a, b);
        }
        catch (ArgumentException e)
        {
            return TextScore.Failed(e.Message, "option_logprobs");
        }
        return TextScore.Of(p, "option_logprobs", string.Create(CultureInfo.InvariantCulture, $"{FirstOption}: {a:R}; {SecondOption}: {b:R}"));
    }

    // A failure that will repeat for every text: the route or the echo is not offered. Overload,
    // timeouts and unreachable endpoints are not (the endpoint may recover).
    private static bool ShowsNoSupport(string reason) =>
        (reason.StartsWith("HTTP 4", StringComparison.Ordinal) && !reason.StartsWith("HTTP 408", StringComparison.Ordinal) && !reason.StartsWith("HTTP 429", StringComparison.Ordinal))
        || reason.Contains("echo", StringComparison.Ordinal) || reason.Contains("log-probabilit", StringComparison.Ordinal)
        || reason.Contains("no completions route", StringComparison.Ordinal);

    /// <summary>The verbal question: the probability of the first option on a 0–1000 scale.</summary>
    public string VerbalInstruction =>
        $"{Question}\nGive the probability, from 0 to 1000, that the answer is {FirstOption} rather than {SecondOption} (0: certainly {SecondOption}, 1000: certainly {FirstOption}). Reply with the number only.";

    private async Task<TextScore> VerbalAsync(string text, string? labelAnswer, CancellationToken cancellationToken)
    {
        var prompt = JudgePrompt.Render(VerbalInstruction, text, Options.Style);
        // A base model continues raw text: the number goes where the reference's answers go.
        if (Options.Style == JudgeStyle.Reference && Options.Api == LlmApi.Completions) prompt += " \n";
        var result = await JudgeCall.AskAsync(_client, Name, Options.Api, prompt, 8, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded) return TextScore.Failed(result.Failure!, "verbal_number");
        string answer = result.Answer!.Text;
        if (TryReadProbability(answer, out double p)) return TextScore.Of(p, "verbal_number", answer);
        int label = AnswerParsing.FindLabel(answer, [FirstOption, SecondOption]);
        if (label < 0 && labelAnswer is not null) label = AnswerParsing.FindLabel(labelAnswer, [FirstOption, SecondOption]);
        if (label >= 0) return TextScore.Of(label == 0 ? 1.0 : 0.0, "verbal_label", answer);
        return TextScore.Failed(string.Create(CultureInfo.InvariantCulture, $"Could not read a probability or a label from the answer '{Completion.Shorten(answer)}'."), "verbal_number", answer);
    }

    /// <summary>
    /// Reads a verbal probability: a number on the asked 0–1000 scale, a percentage ("5%"), or a
    /// decimal fraction below 1 ("0.25"). False when there is no number or it is out of range.
    /// </summary>
    public static bool TryReadProbability(string answer, out double probability)
    {
        probability = double.NaN;
        if (!AnswerParsing.TryFirstNumber(answer, out double number) || number < 0) return false;
        if (answer.Contains('%', StringComparison.Ordinal))
            probability = number / 100.0;
        else if (number < 1 && answer.Contains('.', StringComparison.Ordinal))
            probability = number;
        else
            probability = number / 1000.0;
        return probability is >= 0 and <= 1;
    }
}
