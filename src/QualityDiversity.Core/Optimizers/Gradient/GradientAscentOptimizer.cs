namespace QualityDiversity.Optimizers.Gradient;

/// <summary>Plain gradient ascent: <c>θ ← θ + η g</c> (pyribs' <c>GradientAscentOpt</c>).</summary>
public sealed class GradientAscentOptimizer : GradientOptimizerBase
{
    /// <summary>The <see cref="Name"/> of this optimizer.</summary>
    public const string OptimizerName = "gradient_ascent";

    /// <summary>Starts at <paramref name="theta0"/> (copied) with learning rate <paramref name="learningRate"/>.</summary>
    public GradientAscentOptimizer(ReadOnlySpan<double> theta0, double learningRate) : base(theta0, learningRate) { }

    /// <inheritdoc />
    public override string Name => OptimizerName;

    /// <inheritdoc />
    protected override void ResetState() { }

    /// <inheritdoc />
    protected override void Ascend(ReadOnlySpan<double> gradient)
    {
        var theta = MutableTheta;
        double lr = LearningRate;
        for (int i = 0; i < theta.Length; i++) theta[i] += lr * gradient[i];
    }

    /// <inheritdoc />
    protected override void WriteRuleState(BinaryWriter writer) { }

    /// <inheritdoc />
    protected override void ReadRuleState(BinaryReader reader) { }
}
