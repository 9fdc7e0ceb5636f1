using System.Diagnostics.CodeAnalysis;
using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Learning.Judges;

/// <summary>
/// Replays recorded judgments: a question is looked up by the exact features of its reference
/// and candidates (bit for bit), also with the candidates in the other order (then the recorded
/// answer is flipped). Questions that were never recorded are declined.
/// </summary>
/// <remarks>
/// Replayed judgments keep the recorded judge's kind, name and answer time, since that is who
/// actually answered and when; they carry the asked triplet's items. When a question was recorded
/// more than once, the first recording in the same order wins, then the first in swapped order.
/// Immutable after construction and safe to call from several threads.
/// </remarks>
public sealed class RecordedJudge : IJudge
{
    private readonly Dictionary<Key, Judgment> _answers;

    /// <summary>Creates a judge that replays <paramref name="recorded"/> (copied; later changes to the source are not seen).</summary>
    /// <param name="recorded">The recorded judgments.</param>
    /// <param name="name">The judge's name.</param>
    /// <exception cref="ArgumentException">A judgment or one of its items or feature vectors is null.</exception>
    public RecordedJudge(IEnumerable<Judgment> recorded, string name = "recorded")
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        _answers = new Dictionary<Key, Judgment>(KeyComparer.Instance);
        int index = 0;
        foreach (Judgment judgment in recorded)
        {
            if (judgment?.Reference?.Features is null || judgment.A?.Features is null || judgment.B?.Features is null)
                throw new ArgumentException($"Recorded judgment {index} is null or has a null item or feature vector.", nameof(recorded));
            _answers.TryAdd(new Key(judgment.Reference.Features, judgment.A.Features, judgment.B.Features), judgment);
            index++;
        }
    }

    /// <summary>Creates a judge replaying the judgment file at <paramref name="path"/> (see <see cref="JudgmentSet.Load"/>).</summary>
    /// <param name="path">A judgment set file.</param>
    /// <param name="name">The judge's name; defaults to "recorded (file name)".</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="JudgmentFormatException">A line other than the last is not a valid judgment.</exception>
    public static RecordedJudge FromFile(string path, string? name = null)
    {
        JudgmentSet set = JudgmentSet.Load(path);
        return new RecordedJudge(set, name ?? $"recorded ({Path.GetFileName(path)})") { LoadWarnings = set.LoadWarnings };
    }

    /// <inheritdoc />
    public JudgeKind Kind => JudgeKind.Recorded;

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Number of distinct recorded (reference, A, B) feature triples; a question recorded in both candidate orders counts twice.</summary>
    public int Count => _answers.Count;

    /// <summary>Problems tolerated while loading the file (<see cref="FromFile"/>); otherwise empty.</summary>
    public IReadOnlyList<JudgmentLoadWarning> LoadWarnings { get; private init; } = [];

    /// <summary>Looks up the recorded answer to <paramref name="triplet"/>, as a judgment of that triplet.</summary>
    /// <returns>False when the question was never recorded in either candidate order.</returns>
    public bool TryAnswer(Triplet triplet, [NotNullWhen(true)] out Judgment? judgment)
    {
        ArgumentNullException.ThrowIfNull(triplet);
        double[] reference = triplet.Reference.Features, a = triplet.A.Features, b = triplet.B.Features;
        if (_answers.TryGetValue(new Key(reference, a, b), out Judgment? recorded))
        {
            judgment = triplet.Answer(recorded.Answer, recorded.JudgeKind, recorded.JudgeName, recorded.AnsweredAt);
            return true;
        }
        if (_answers.TryGetValue(new Key(reference, b, a), out recorded))
        {
            TripletAnswer flipped = recorded.Answer == TripletAnswer.A ? TripletAnswer.B : TripletAnswer.A;
            judgment = triplet.Answer(flipped, recorded.JudgeKind, recorded.JudgeName, recorded.AnsweredAt);
            return true;
        }
        judgment = null;
        return false;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Judgment>> JudgeAsync(IReadOnlyList<Triplet> triplets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(triplets);
        var judgments = new List<Judgment>(triplets.Count);
        for (int i = 0; i < triplets.Count; i++)
        {
            if ((i & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            Triplet triplet = triplets[i] ?? throw new ArgumentException($"Triplet {i} is null.", nameof(triplets));
            if (TryAnswer(triplet, out Judgment? judgment)) judgments.Add(judgment);
        }
        return ValueTask.FromResult<IReadOnlyList<Judgment>>(judgments);
    }

    private readonly record struct Key(double[] Reference, double[] A, double[] B);

    // Bitwise comparison: "the same question" means the same stored numbers, which is what the
    // judgment file round-trips (so -0.0 and 0.0 differ, and a NaN matches the same NaN).
    private sealed class KeyComparer : IEqualityComparer<Key>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals(Key x, Key y) => SameBits(x.Reference, y.Reference) && SameBits(x.A, y.A) && SameBits(x.B, y.B);

        public int GetHashCode(Key key)
        {
            var hash = new HashCode();
            Add(ref hash, key.Reference);
            Add(ref hash, key.A);
            Add(ref hash, key.B);
            return hash.ToHashCode();
        }

        private static void Add(ref HashCode hash, double[] values)
        {
            hash.Add(values.Length);
            foreach (double value in values) hash.Add(BitConverter.DoubleToInt64Bits(value));
        }

        private static bool SameBits(double[] x, double[] y) =>
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(y.AsSpan()));
    }
}
