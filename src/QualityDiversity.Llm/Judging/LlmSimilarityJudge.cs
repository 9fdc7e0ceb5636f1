using QualityDiversity.Learning.Judges;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Llm.Client;

namespace QualityDiversity.Llm.Judging;

/// <summary>
/// Answers QDHF similarity triplets with a language model ("which of A and B is more similar
/// to the reference?"), so learned measures can be trained from AI judgments. The texts of the
/// judged items are compared; the answer is read from log-probabilities of "A" versus "B" when
/// available, else from a verbal answer. Questions the model cannot answer usably are declined
/// (left out), as <see cref="IJudge"/> prescribes.
/// </summary>
public sealed class LlmSimilarityJudge : IJudge
{
    private readonly BinaryQuestionJudge _binary;

    /// <summary>Creates the judge.</summary>
    /// <param name="client">The judging model.</param>
    /// <param name="aspect">What similarity means here, e.g. "in sentiment" or "in genre and ending" (empty for overall).</param>
    /// <param name="mode">How answers become probabilities.</param>
    public LlmSimilarityJudge(ILlmClient client, string aspect = "", JudgeMode mode = JudgeMode.Auto)
    {
        ArgumentNullException.ThrowIfNull(client);
        Aspect = aspect ?? "";
        string about = Aspect.Length == 0 ? "" : " " + Aspect.Trim();
        _binary = new BinaryQuestionJudge(client, "similarity",
            $"Below are a reference text and two candidates, A and B. Which candidate is more similar to the reference{about}?", "A", "B", mode);
        Name = $"llm:{client.Model}";
    }

    /// <summary>What similarity means for this judge.</summary>
    public string Aspect { get; }

    /// <inheritdoc />
    public JudgeKind Kind => JudgeKind.Llm;

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Judgment>> JudgeAsync(IReadOnlyList<Triplet> triplets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(triplets);
        for (int i = 0; i < triplets.Count; i++)
        {
            var t = triplets[i];
            if (t.Reference.Text is null || t.A.Text is null || t.B.Text is null)
                throw new ArgumentException($"Triplet {i} has an item without text; a language-model judge compares texts.", nameof(triplets));
        }
        var scores = await Task.WhenAll(triplets.Select(t => _binary.ScoreAsync(Render(t), cancellationToken))).ConfigureAwait(false);
        var answers = new List<Judgment>(triplets.Count);
        for (int i = 0; i < triplets.Count; i++)
        {
            var score = scores[i];
            // An undecided 0.5 is declined rather than turned into an arbitrary choice.
            if (!score.Succeeded || score.Value == 0.5) continue;
            answers.Add(triplets[i].Answer(score.Value > 0.5 ? TripletAnswer.A : TripletAnswer.B, JudgeKind.Llm, Name, DateTimeOffset.UtcNow));
        }
        return answers;
    }

    private static string Render(Triplet t) => $"Reference:\n{t.Reference.Text}\n\nA:\n{t.A.Text}\n\nB:\n{t.B.Text}";
}
