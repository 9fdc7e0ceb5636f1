using QualityDiversity.Learning.Judgments;
using QualityDiversity.Randomness;

namespace QualityDiversity.Learning.Torch.Tests.Measures;

/// <summary>
/// Triplet judgments answered from a hidden linear measure g = W x: the candidate with the smaller
/// squared distance to the reference in g-space is judged more similar.
/// </summary>
internal sealed class SimulatedTriplets
{
    public SimulatedTriplets(int featureDim, int measureDim, ulong seed)
    {
        FeatureDim = featureDim;
        MeasureDim = measureDim;
        var random = new RandomSource(seed);
        Weights = new double[measureDim * featureDim];
        random.FillGaussian(Weights);
    }

    public int FeatureDim { get; }

    public int MeasureDim { get; }

    /// <summary>Row-major ground-truth projection.</summary>
    public double[] Weights { get; }

    public double[] Truth(double[] x)
    {
        var g = new double[MeasureDim];
        for (int o = 0; o < MeasureDim; o++)
            for (int j = 0; j < FeatureDim; j++) g[o] += Weights[o * FeatureDim + j] * x[j];
        return g;
    }

    public List<Judgment> Judgments(int count, RandomSource random)
    {
        var list = new List<Judgment>(count);
        for (int i = 0; i < count; i++)
        {
            double[] r = Point(random), a = Point(random), b = Point(random);
            var answer = SquaredDistance(Truth(r), Truth(a)) <= SquaredDistance(Truth(r), Truth(b)) ? TripletAnswer.A : TripletAnswer.B;
            list.Add(new Judgment(new JudgedItem(r), new JudgedItem(a), new JudgedItem(b), answer, JudgeKind.Simulated, "simulated", DateTimeOffset.UnixEpoch));
        }
        return list;
    }

    public double[] Point(RandomSource random)
    {
        var x = new double[FeatureDim];
        random.FillUniform(x, -1, 1);
        return x;
    }

    public static double SquaredDistance(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        double sum = 0;
        for (int i = 0; i < p.Length; i++) sum += (p[i] - q[i]) * (p[i] - q[i]);
        return sum;
    }
}
