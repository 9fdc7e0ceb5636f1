using QualityDiversity.Randomness;

namespace QualityDiversity.Text.Selection;

/// <summary>Draws indices without replacement with probabilities proportional to weights.</summary>
internal static class WeightedDraw
{
    /// <summary>
    /// Draws min(<paramref name="count"/>, number of positive weights) distinct indices, each
    /// next one with probability proportional to its weight among those not yet drawn.
    /// Consumes <paramref name="weights"/> (drawn entries are zeroed).
    /// </summary>
    public static List<int> WithoutReplacement(Span<double> weights, int count, RandomSource random)
    {
        var drawn = new List<int>(count);
        for (int k = 0; k < count; k++)
        {
            double total = 0;
            foreach (var w in weights) total += w;
            if (!(total > 0)) break;
            double u = random.NextDouble() * total;
            int pick = -1;
            for (int i = 0; i < weights.Length; i++)
            {
                if (weights[i] <= 0) continue;
                pick = i;
                u -= weights[i];
                if (u < 0) break;
            }
            drawn.Add(pick);
            weights[pick] = 0;
        }
        return drawn;
    }

    /// <summary>Draws min(count, n) distinct indices of [0, n) uniformly (partial Fisher–Yates).</summary>
    public static int[] Uniform(int n, int count, RandomSource random)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        int take = Math.Min(count, n);
        for (int i = 0; i < take; i++)
        {
            int j = i + random.NextInt(n - i);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order[..take];
    }
}
