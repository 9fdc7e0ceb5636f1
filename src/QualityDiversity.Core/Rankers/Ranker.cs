using QualityDiversity.Archives;
using QualityDiversity.Emitters;
using QualityDiversity.Randomness;

namespace QualityDiversity.Rankers;

/// <summary>
/// Shared sorting of the built-in rankers, and <see cref="Create"/>, the factory by name.
/// </summary>
/// <remarks>
/// The order is <c>(status desc, value desc, index asc)</c> for two-stage rankers and
/// <c>(value desc, index asc)</c> otherwise: a strict total order, so the ranking does not depend
/// on the sorting algorithm. pyribs sorts with a flipped ascending argsort, which puts tied
/// candidates in descending index order (when numpy's sort happens to be stable); here ties go
/// to the earlier candidate. A NaN value sorts last.
/// </remarks>
public abstract class Ranker : IRanker
{
    private static readonly (string Name, string FullName, Func<IRanker> Create)[] Registry =
    [
        ("imp", "ImprovementRanker", () => new ImprovementRanker()),
        ("2imp", "TwoStageImprovementRanker", () => new TwoStageImprovementRanker()),
        ("rd", "RandomDirectionRanker", () => new RandomDirectionRanker()),
        ("2rd", "TwoStageRandomDirectionRanker", () => new TwoStageRandomDirectionRanker()),
        ("obj", "ObjectiveRanker", () => new ObjectiveRanker()),
        ("2obj", "TwoStageObjectiveRanker", () => new TwoStageObjectiveRanker()),
        ("nov", "NoveltyRanker", () => new NoveltyRanker()),
        ("density", "DensityRanker", () => new DensityRanker()),
    ];

    // Sort keys, owned by the ranker so that ranking a batch allocates nothing after the first.
    private double[] _keys = [];
    private byte[] _stages = [];

    /// <summary>Initialises a ranker.</summary>
    /// <param name="name">Short name.</param>
    /// <param name="twoStage">Whether candidates are grouped by archive status first.</param>
    protected Ranker(string name, bool twoStage)
    {
        Name = name;
        IsTwoStage = twoStage;
    }

    /// <summary>The short names the factory knows, in pyribs' order.</summary>
    public static IReadOnlyList<string> KnownNames { get; } = Registry.Select(r => r.Name).ToArray();

    /// <summary>
    /// Creates a ranker from its short name (<c>imp</c>, <c>2imp</c>, <c>rd</c>, <c>2rd</c>,
    /// <c>obj</c>, <c>2obj</c>) or pyribs' class name (e.g. <c>TwoStageImprovementRanker</c>),
    /// ignoring case.
    /// </summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known names.</exception>
    public static IRanker Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string key = name.Trim();
        foreach (var entry in Registry)
        {
            if (string.Equals(entry.Name, key, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(entry.FullName, key, StringComparison.OrdinalIgnoreCase))
                return entry.Create();
        }
        throw new ArgumentException(
            $"Unknown ranker \"{name}\". Known rankers: {string.Join(", ", Registry.Select(r => $"{r.Name} ({r.FullName})"))}.",
            nameof(name));
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public bool IsTwoStage { get; }

    /// <inheritdoc />
    public virtual void Reset(IArchive<double> archive, RandomSource random)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(random);
    }

    /// <inheritdoc />
    public void Rank(in EmitterFeedback<double> feedback, Span<int> ranking, Span<double> values)
    {
        int n = feedback.Candidates.Count;
        if (ranking.Length < n) throw new ArgumentException($"The ranking buffer holds {ranking.Length} entries but the batch has {n} candidates.", nameof(ranking));
        if (values.Length < n) throw new ArgumentException($"The value buffer holds {values.Length} entries but the batch has {n} candidates.", nameof(values));
        if (IsTwoStage && feedback.Status.Length != n)
            throw new ArgumentException($"The feedback has {feedback.Status.Length} statuses for {n} candidates.", nameof(feedback));
        if (_keys.Length < n)
        {
            _keys = new double[n];
            _stages = new byte[n];
        }
        var keys = _keys.AsSpan(0, n);
        ComputeValues(feedback, keys);
        keys.CopyTo(values);

        var stages = _stages.AsSpan(0, n);
        if (IsTwoStage)
        {
            var status = feedback.Status.Span;
            for (int i = 0; i < n; i++) stages[i] = (byte)status[i];
        }
        else
        {
            stages.Clear();
        }

        var order = ranking[..n];
        for (int i = 0; i < n; i++) order[i] = i;
        RankingSort.Sort(order, new BestFirst(_keys, _stages));
    }

    /// <summary>Writes the value each candidate is sorted by, in candidate order.</summary>
    protected abstract void ComputeValues(in EmitterFeedback<double> feedback, Span<double> values);

    /// <summary>The improvement values of the feedback, checked to hold one per candidate.</summary>
    protected static ReadOnlySpan<double> ImprovementValues(in EmitterFeedback<double> feedback)
    {
        if (feedback.Values.Length != feedback.Candidates.Count)
            throw new ArgumentException($"The feedback has {feedback.Values.Length} improvement values for {feedback.Candidates.Count} candidates.", nameof(feedback));
        return feedback.Values.Span;
    }

    /// <summary>The objectives of the feedback, checked to hold one per candidate.</summary>
    protected static ReadOnlySpan<double> Objectives(in EmitterFeedback<double> feedback)
    {
        if (feedback.Candidates.Objectives.Length != feedback.Candidates.Count)
            throw new ArgumentException($"The feedback has {feedback.Candidates.Objectives.Length} objectives for {feedback.Candidates.Count} candidates.", nameof(feedback));
        return feedback.Candidates.Objectives.Span;
    }

    /// <inheritdoc />
    public virtual void WriteState(BinaryWriter writer) => writer.Write(Name);

    /// <inheritdoc />
    public virtual void ReadState(BinaryReader reader)
    {
        string name = reader.ReadString();
        if (name != Name) throw new InvalidDataException($"The checkpoint holds the state of ranker \"{name}\", but this emitter uses \"{Name}\".");
    }

    /// <summary>Best first: higher stage, then higher value, then lower index.</summary>
    private readonly struct BestFirst(double[] keys, byte[] stages) : IComparer<int>
    {
        public int Compare(int a, int b)
        {
            int c = stages[b].CompareTo(stages[a]);
            if (c != 0) return c;
            // double.CompareTo is a total order in which NaN is the smallest: it sorts last.
            c = keys[b].CompareTo(keys[a]);
            return c != 0 ? c : a.CompareTo(b);
        }
    }
}
