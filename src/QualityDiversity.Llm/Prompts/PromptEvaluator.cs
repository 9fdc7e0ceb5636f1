using System.Globalization;
using QualityDiversity.Llm.Client;
using QualityDiversity.Text.Genomes;
using QualityDiversity.Text.Scoring;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Llm.Prompts;

/// <summary>
/// Evaluates a prompt genome: the model answers every task with the prompt as its system
/// message (deterministically, temperature 0), then each answer is judged — quality by the
/// quality scorer, each measure by its axis scorer — and the scores are averaged over tasks.
/// Any failed answer or judgment fails the evaluation with its reason.
/// </summary>
public sealed class PromptEvaluator : ITextEvaluator
{
    private readonly ILlmClient _answerer;
    private readonly IReadOnlyList<string> _tasks;
    private readonly ITextScorer _quality;
    private readonly ITextScorer[] _measures;
    private readonly int _maxTokens;

    /// <summary>Creates the evaluator.</summary>
    /// <param name="answerer">The model the prompts are written for.</param>
    /// <param name="tasks">The task set (user messages).</param>
    /// <param name="quality">Judges one task-and-answer pair's quality.</param>
    /// <param name="measures">Judge one task-and-answer pair on each axis.</param>
    /// <param name="maxTokens">Answer length limit.</param>
    public PromptEvaluator(ILlmClient answerer, IReadOnlyList<string> tasks, ITextScorer quality, IReadOnlyList<ITextScorer> measures, int maxTokens = 200)
    {
        ArgumentNullException.ThrowIfNull(answerer);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(quality);
        ArgumentNullException.ThrowIfNull(measures);
        if (tasks.Count == 0) throw new ArgumentException("Prompt evolution needs at least one task.", nameof(tasks));
        if (measures.Count == 0) throw new ArgumentException("At least one measure scorer is needed.", nameof(measures));
        _answerer = answerer;
        _tasks = tasks.ToArray();
        _quality = quality;
        _measures = measures.ToArray();
        _maxTokens = maxTokens;
    }

    /// <inheritdoc />
    public int MeasureDim => _measures.Length;

    /// <inheritdoc />
    public int FeatureDim => 0;

    /// <inheritdoc />
    public async Task<TextEvaluation> EvaluateAsync(TextGenome text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var answers = await Task.WhenAll(_tasks.Select(task => _answerer.CompleteAsync(new LlmRequest
        {
            Messages = [ChatTurn.System(text.Text), ChatTurn.User(task)],
            Temperature = 0,
            MaxTokens = _maxTokens,
            Purpose = "prompt_answer",
        }, cancellationToken))).ConfigureAwait(false);
        for (int t = 0; t < answers.Length; t++)
            if (!answers[t].Succeeded) return TextEvaluation.Failed($"answering task {t + 1} failed: {answers[t].Failure}");

        var pairs = _tasks.Select((task, t) => $"Task: {task}\n\nAnswer: {answers[t].Answer!.Text}").ToArray();
        var scorers = new[] { _quality }.Concat(_measures).ToArray();
        var scores = await Task.WhenAll(scorers.Select(s => Task.WhenAll(pairs.Select(p => s.ScoreAsync(p, cancellationToken))))).ConfigureAwait(false);

        var annotations = new List<KeyValuePair<string, string>>();
        var failures = new List<string>();
        var means = new double[scorers.Length];
        for (int s = 0; s < scorers.Length; s++)
        {
            string name = s == 0 ? "quality" : scorers[s].Name;
            annotations.Add(new($"{name}.mode", string.Join(",", scores[s].Select(x => x.Mode).Distinct())));
            annotations.Add(new($"{name}.per_task", string.Join(";", scores[s].Select(x => x.Succeeded ? x.Value.ToString("R", CultureInfo.InvariantCulture) : "failed"))));
            foreach (var (score, t) in scores[s].Select((x, t) => (x, t)))
                if (!score.Succeeded) failures.Add($"{name} of task {t + 1}: {score.Failure}");
            means[s] = scores[s].Where(x => x.Succeeded).Select(x => x.Value).DefaultIfEmpty(double.NaN).Average();
        }
        if (failures.Count > 0) return TextEvaluation.Failed(string.Join("; ", failures), annotations);
        return TextEvaluation.Success(means[0], means[1..], annotations: annotations);
    }
}
