using QualityDiversity.Learning.Judges;
using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Web.Raters;

/// <summary>
/// The raters of a served run: how many of the run's triplets each answered, and the gold
/// (attention-check) triplets with known answers that each is shown every <see cref="GoldEvery"/>
/// answers, in the same order for everyone so that raters can be compared on them: per-rater
/// accuracy on gold and agreement between raters. Thread-safe.
/// </summary>
internal sealed class RaterBook
{
    private readonly Lock _gate = new();
    private readonly GoldTriplet[] _gold;
    private readonly Action<GoldAnswer>? _onGold;
    private readonly Dictionary<string, Rater> _raters = new(StringComparer.Ordinal);

    /// <summary>Creates the book.</summary>
    /// <param name="gold">The gold triplets with their known answers (judgments, e.g. from a judgments file); empty for none.</param>
    /// <param name="goldEvery">Run answers (or skips) between two gold triplets shown to a rater.</param>
    /// <param name="answeredBy">The rater of each judgment the run already has.</param>
    /// <param name="goldAnswered">Gold answers already given (kept in the run's database).</param>
    /// <param name="onGold">Called with each new gold answer, to keep it.</param>
    /// <exception cref="ArgumentException"><paramref name="goldEvery"/> is below 1, or two gold triplets ask the same question.</exception>
    public RaterBook(IReadOnlyList<Judgment> gold, int goldEvery, IEnumerable<string> answeredBy, IEnumerable<GoldAnswer> goldAnswered, Action<GoldAnswer>? onGold = null)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(answeredBy);
        ArgumentNullException.ThrowIfNull(goldAnswered);
        if (goldEvery < 1) throw new ArgumentOutOfRangeException(nameof(goldEvery), goldEvery, "Gold triplets come every 1 or more answers.");
        GoldEvery = goldEvery;
        _onGold = onGold;
        _gold = new GoldTriplet[gold.Count];
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < gold.Count; i++)
        {
            string key = TripletKey.Of(gold[i]);
            if (!keys.Add(key)) throw new ArgumentException($"Gold triplet {i} asks the same question as an earlier one.", nameof(gold));
            _gold[i] = new GoldTriplet(-1 - i, key, Triplet.Of(gold[i]), gold[i].Answer);
        }
        foreach (string rater in answeredBy) Of(rater).Answered++;
        foreach (var answer in goldAnswered)
            if (keys.Contains(answer.Key)) Of(answer.Rater).Gold[answer.Key] = answer;
    }

    /// <summary>Run answers between two gold triplets.</summary>
    public int GoldEvery { get; }

    /// <summary>The gold triplets.</summary>
    public IReadOnlyList<GoldTriplet> Gold => _gold;

    /// <summary>
    /// The gold triplet <paramref name="rater"/> is due to answer now, or null: the one shown last
    /// if still unanswered, else, once they gave <see cref="GoldEvery"/> run answers since their
    /// last gold one, the first gold triplet they have not answered.
    /// </summary>
    public GoldTriplet? Due(string rater)
    {
        if (_gold.Length == 0) return null;
        lock (_gate)
        {
            var r = Of(rater);
            if (r.Shown is { } shown && !r.Gold.ContainsKey(shown.Key)) return shown;
            if (r.SinceGold < GoldEvery) return null;
            r.Shown = Array.Find(_gold, g => !r.Gold.ContainsKey(g.Key));
            return r.Shown;
        }
    }

    /// <summary>The gold triplet numbered <paramref name="id"/>, or null.</summary>
    public GoldTriplet? Find(long id) => id is < 0 && -1 - id < _gold.Length ? _gold[-1 - id] : null;

    /// <summary>Counts an answer (or, when not <paramref name="accepted"/>, a skip) <paramref name="rater"/> gave to one of the run's triplets.</summary>
    public void CountRunAnswer(string rater, bool accepted)
    {
        lock (_gate)
        {
            var r = Of(rater);
            r.SinceGold++;
            if (accepted) r.Answered++;
        }
    }

    /// <summary>Takes <paramref name="rater"/>'s answer (null: a skip) to gold triplet <paramref name="id"/>.</summary>
    /// <returns>Accepted or skipped; not pending when there is no such gold triplet or the rater answered it already.</returns>
    public JudgingAnswerResult AnswerGold(long id, TripletAnswer? answer, string rater, DateTimeOffset now)
    {
        if (Find(id) is not { } gold) return JudgingAnswerResult.NotPending;
        GoldAnswer given;
        lock (_gate)
        {
            var r = Of(rater);
            if (r.Gold.ContainsKey(gold.Key)) return JudgingAnswerResult.NotPending;
            given = new GoldAnswer(rater, gold.Key, answer, answer == gold.Known, now);
            // Kept first: an answer that cannot be kept is not counted.
            _onGold?.Invoke(given);
            r.Gold[gold.Key] = given;
            r.SinceGold = 0;
            r.Shown = null;
        }
        return answer is null ? JudgingAnswerResult.Skipped : JudgingAnswerResult.Accepted;
    }

    /// <summary>Every rater's counts, by name.</summary>
    public IReadOnlyList<RaterStats> Stats()
    {
        lock (_gate) return RaterSummary.Stats(_raters.ToDictionary(p => p.Key, p => p.Value.Answered, StringComparer.Ordinal), GoldAnswersLocked());
    }

    /// <summary>Agreement between raters on the gold triplets.</summary>
    public RaterAgreement Agreement()
    {
        lock (_gate) return RaterSummary.Agreement(GoldAnswersLocked());
    }

    private GoldAnswer[] GoldAnswersLocked() => _raters.Values.SelectMany(r => r.Gold.Values).ToArray();

    private Rater Of(string name)
    {
        if (!_raters.TryGetValue(name, out var rater)) _raters[name] = rater = new Rater();
        return rater;
    }

    private sealed class Rater
    {
        public int Answered { get; set; }
        public int SinceGold { get; set; }
        public GoldTriplet? Shown { get; set; }
        public Dictionary<string, GoldAnswer> Gold { get; } = new(StringComparer.Ordinal);
    }
}
