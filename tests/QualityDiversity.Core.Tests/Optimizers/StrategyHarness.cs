using QualityDiversity.Emitters;
using QualityDiversity.Optimizers;

namespace QualityDiversity.Core.Tests.Optimizers;

/// <summary>Runs an evolution strategy on a test function, minimising, with the ranking best (lowest) first.</summary>
internal sealed class StrategyHarness
{
    private readonly IEvolutionStrategy _strategy;
    private readonly double[] _solutions;
    private readonly double[] _values;
    private readonly int[] _ranking;

    public StrategyHarness(IEvolutionStrategy strategy)
    {
        _strategy = strategy;
        _solutions = new double[strategy.PopulationSize * strategy.Dimension];
        _values = new double[strategy.PopulationSize];
        _ranking = new int[strategy.PopulationSize];
    }

    public double[] Solutions => _solutions;

    public double Best { get; private set; } = double.PositiveInfinity;

    /// <summary>One ask–evaluate–tell cycle; returns the best value of the generation.</summary>
    public double Step(Func<double[], double> f, int parents, SolutionBounds? bounds = null)
    {
        int n = _strategy.Dimension, lambda = _strategy.PopulationSize;
        _strategy.Ask(_solutions, bounds);
        for (int k = 0; k < lambda; k++)
        {
            _values[k] = f(_solutions.AsSpan(k * n, n).ToArray());
            _ranking[k] = k;
        }
        Array.Sort(_values.ToArray(), _ranking);
        _strategy.Tell(_solutions, _ranking, parents);
        double best = _values[_ranking[0]];
        Best = Math.Min(Best, best);
        return best;
    }

    /// <summary>Values of the last generation in ranking order (best first).</summary>
    public double[] RankedValues() => _ranking.Select(i => _values[i]).ToArray();

    /// <summary>Generations until the best value falls below <paramref name="target"/>, or -1 within the budget.</summary>
    public int Minimise(Func<double[], double> f, double target, int maxGenerations, Func<int, int>? parents = null)
    {
        for (int g = 0; g < maxGenerations; g++)
        {
            int mu = parents?.Invoke(g) ?? _strategy.PopulationSize / 2;
            if (Step(f, mu) < target) return g + 1;
        }
        return -1;
    }

    public static double Sphere(double[] x) => x.Sum(v => v * v);

    /// <summary>f(x) = Σ 10^(c·(i−1)/(n−1)) x_i², condition number 10^c.</summary>
    public static Func<double[], double> Ellipsoid(double logCondition) => x =>
    {
        int n = x.Length;
        double s = 0;
        for (int i = 0; i < n; i++) s += Math.Pow(10, logCondition * i / Math.Max(1, n - 1)) * x[i] * x[i];
        return s;
    };

    /// <summary>The ellipsoid in a fixed random rotation, which only a full covariance can learn.</summary>
    public static Func<double[], double> RotatedEllipsoid(int n, double logCondition, int seed)
    {
        var rng = new System.Random(seed);
        var q = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) q[i, j] = rng.NextDouble() - 0.5;
        // Gram–Schmidt on the rows.
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < i; k++)
            {
                double dot = 0;
                for (int j = 0; j < n; j++) dot += q[i, j] * q[k, j];
                for (int j = 0; j < n; j++) q[i, j] -= dot * q[k, j];
            }
            double norm = Math.Sqrt(Enumerable.Range(0, n).Sum(j => q[i, j] * q[i, j]));
            for (int j = 0; j < n; j++) q[i, j] /= norm;
        }
        var elli = Ellipsoid(logCondition);
        return x =>
        {
            var y = new double[n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) y[i] += q[i, j] * x[j];
            return elli(y);
        };
    }
}
