using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Learning.Measures.Torch;

/// <summary>
/// Judgments flattened for training: features of (reference, A, B) per triplet as float32, and the
/// signs (y, -y) that turn the two squared distances into <c>y * d</c>.
/// </summary>
internal sealed class TripletData
{
    private TripletData(int count, int featureDim, float[] items, float[] signs)
    {
        Count = count;
        FeatureDim = featureDim;
        Items = items;
        Signs = signs;
    }

    public int Count { get; }

    public int FeatureDim { get; }

    /// <summary>Row-major [Count, 3, FeatureDim].</summary>
    public float[] Items { get; }

    /// <summary>Row-major [Count, 2, 1]: y = +1 when B was judged more similar, else -1, then -y.</summary>
    public float[] Signs { get; }

    /// <exception cref="ArgumentException">Fewer than two judgments, or missing, empty, unequal or non-finite feature vectors.</exception>
    public static TripletData From(IReadOnlyList<Judgment> judgments)
    {
        ArgumentNullException.ThrowIfNull(judgments);
        if (judgments.Count == 0) throw new ArgumentException("No judgments to learn from (the list is empty).", nameof(judgments));
        if (judgments.Count < 2)
            throw new ArgumentException("At least 2 judgments are needed: one to train on and one to validate with.", nameof(judgments));
        if (judgments[0] is null) throw new ArgumentException("Judgment 0 is null.", nameof(judgments));
        int dim = judgments[0].Reference?.Features?.Length ?? 0;
        if (dim == 0) throw new ArgumentException("Judgment 0's reference has no features.", nameof(judgments));

        int n = judgments.Count;
        var items = new float[n * 3 * dim];
        var signs = new float[n * 2];
        for (int t = 0; t < n; t++)
        {
            var judgment = judgments[t] ?? throw new ArgumentException($"Judgment {t} is null.", nameof(judgments));
            Copy(judgment.Reference, "reference", t, 0);
            Copy(judgment.A, "A", t, 1);
            Copy(judgment.B, "B", t, 2);
            float y = judgment.Answer switch
            {
                TripletAnswer.B => 1f,
                TripletAnswer.A => -1f,
                _ => throw new ArgumentException($"Judgment {t} has an unknown answer ({judgment.Answer}).", nameof(judgments)),
            };
            signs[2 * t] = y;
            signs[2 * t + 1] = -y;
        }
        return new TripletData(n, dim, items, signs);

        void Copy(JudgedItem? item, string role, int t, int slot)
        {
            var features = item?.Features ?? throw new ArgumentException($"Judgment {t}'s {role} has no features.", nameof(judgments));
            if (features.Length != dim)
                throw new ArgumentException(
                    $"Judgment {t}'s {role} has {features.Length} features, but judgment 0's reference has {dim}: all feature vectors must have the same length.",
                    nameof(judgments));
            int offset = (t * 3 + slot) * dim;
            for (int j = 0; j < dim; j++)
            {
                double v = features[j];
                if (!double.IsFinite(v)) throw new ArgumentException($"Judgment {t}'s {role} feature {j} is not finite ({v}).", nameof(judgments));
                items[offset + j] = (float)v;
            }
        }
    }
}
