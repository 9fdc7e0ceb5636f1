namespace QualityDiversity.Optimizers.Gradient;

/// <summary>
/// Adam (Kingma and Ba 2014) turned to ascent, as pyribs' <c>AdamOpt</c>: with
/// <c>g = -gradient + λ θ</c> (λ an L2 coefficient, not weight decay), step t:
/// <c>m ← β₁ m + (1 - β₁) g</c>, <c>v ← β₂ v + (1 - β₂) g²</c>,
/// <c>θ ← θ - η √(1 - β₂ᵗ) / (1 - β₁ᵗ) · m / (√v + ε)</c>.
/// </summary>
public sealed class AdamOptimizer : GradientOptimizerBase
{
    /// <summary>The <see cref="Name"/> of this optimizer.</summary>
    public const string OptimizerName = "adam";

    private readonly double[] _m;
    private readonly double[] _v;
    private long _t;

    /// <summary>Starts at <paramref name="theta0"/> (copied).</summary>
    /// <param name="theta0">Initial solution point.</param>
    /// <param name="learningRate">Learning rate η (pyribs' default 0.001).</param>
    /// <param name="beta1">Decay of the first moment, in [0, 1).</param>
    /// <param name="beta2">Decay of the second moment, in [0, 1).</param>
    /// <param name="epsilon">Added to √v for stability, positive.</param>
    /// <param name="l2Coefficient">L2 regularisation coefficient λ, non-negative.</param>
    public AdamOptimizer(ReadOnlySpan<double> theta0, double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double l2Coefficient = 0.0)
        : base(theta0, learningRate)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must lie in [0, 1).");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must lie in [0, 1).");
        if (!(epsilon > 0) || !double.IsFinite(epsilon)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be finite and positive.");
        if (!(l2Coefficient >= 0) || !double.IsFinite(l2Coefficient)) throw new ArgumentOutOfRangeException(nameof(l2Coefficient), l2Coefficient, "l2_coeff must be finite and non-negative.");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        L2Coefficient = l2Coefficient;
        _m = new double[theta0.Length];
        _v = new double[theta0.Length];
    }

    /// <inheritdoc />
    public override string Name => OptimizerName;

    /// <summary>Decay of the first moment β₁.</summary>
    public double Beta1 { get; }

    /// <summary>Decay of the second moment β₂.</summary>
    public double Beta2 { get; }

    /// <summary>Stability term ε.</summary>
    public double Epsilon { get; }

    /// <summary>L2 regularisation coefficient λ.</summary>
    public double L2Coefficient { get; }

    /// <summary>Steps taken since the last reset.</summary>
    public long Steps => _t;

    /// <inheritdoc />
    protected override void ResetState()
    {
        Array.Clear(_m);
        Array.Clear(_v);
        _t = 0;
    }

    /// <inheritdoc />
    protected override void Ascend(ReadOnlySpan<double> gradient)
    {
        var theta = MutableTheta;
        _t++;
        double a = LearningRate * Math.Sqrt(1 - Math.Pow(Beta2, _t)) / (1 - Math.Pow(Beta1, _t));
        for (int i = 0; i < theta.Length; i++)
        {
            // Adam minimises; ascending on the gradient is descending on its negation.
            double g = -gradient[i] + L2Coefficient * theta[i];
            _m[i] = Beta1 * _m[i] + (1 - Beta1) * g;
            _v[i] = Beta2 * _v[i] + (1 - Beta2) * (g * g);
            theta[i] += -a * _m[i] / (Math.Sqrt(_v[i]) + Epsilon);
        }
    }

    /// <inheritdoc />
    protected override void WriteRuleState(BinaryWriter writer)
    {
        writer.Write(_t);
        WriteVector(writer, _m);
        WriteVector(writer, _v);
    }

    /// <inheritdoc />
    protected override void ReadRuleState(BinaryReader reader)
    {
        _t = reader.ReadInt64();
        ReadVector(reader, _m);
        ReadVector(reader, _v);
    }
}
