using QualityDiversity.Evaluation;
using System.Collections.ObjectModel;

namespace QualityDiversity.Domains;

/// <summary>
/// Planar robotic arm benchmark: a solution gives the <c>n</c> joint angles of a chain of links
/// anchored at the origin; the measures are the end-effector position and the objective rewards
/// joint angles that are similar to each other.
/// </summary>
/// <remarks>
/// <para>With cumulative angles <c>phi_k = sum_{i &lt;= k} theta_i</c> and link lengths <c>L_k</c>:
/// measures <c>(sum_k L_k cos phi_k, sum_k L_k sin phi_k)</c>, each within <c>±sum_k L_k</c>;
/// objective <c>100 (1 - var(theta))</c> with the population variance (divided by <c>n</c>), so
/// 100 is optimal and large variances go negative.</para>
/// <para>Features (<see cref="FeatureDim"/> = <c>2n</c>): <c>[cos phi_1 .. cos phi_n, sin phi_1 .. sin phi_n]</c>,
/// the link directions, from which measures can be learned.</para>
/// <para>Gradients (<see cref="DifferentiableBenchmarkTask"/>): the objective's is
/// <c>-200 / n · (theta_j - mean(theta))</c>; since joint j turns every link from j on,
/// <c>∂x/∂theta_j = -sum_{k &gt;= j} L_k sin phi_k</c> and <c>∂y/∂theta_j = sum_{k &gt;= j} L_k cos phi_k</c>
/// (suffix sums over the features, O(n)).</para>
/// </remarks>
public sealed class RoboticArmTask : DifferentiableBenchmarkTask, IMeasuresFromFeatures
{
    private readonly double[] _linkLengths;
    private readonly ReadOnlyCollection<(double Lower, double Upper)> _measureRanges;

    /// <summary>Creates an arm of <paramref name="dimension"/> joints, every link of length 1.</summary>
    /// <param name="dimension">Number of joints (solution length); at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is below 1.</exception>
    public RoboticArmTask(int dimension)
        : this(UnitLinks(dimension))
    {
    }

    /// <summary>Creates an arm with one joint per link, of the given link lengths.</summary>
    /// <param name="linkLengths">Length of each link, base first; at least one, each finite and positive. Copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="linkLengths"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="linkLengths"/> is empty or holds a non-positive or non-finite length.</exception>
    public RoboticArmTask(IReadOnlyList<double> linkLengths)
    {
        ArgumentNullException.ThrowIfNull(linkLengths);
        if (linkLengths.Count == 0)
            throw new ArgumentException("The robotic arm needs at least one link.", nameof(linkLengths));
        _linkLengths = new double[linkLengths.Count];
        double reach = 0.0;
        for (int k = 0; k < _linkLengths.Length; k++)
        {
            double length = linkLengths[k];
            if (!double.IsFinite(length) || length <= 0.0)
                throw new ArgumentException($"Link length {k} must be finite and positive, got {length}.", nameof(linkLengths));
            _linkLengths[k] = length;
            reach += length;
        }

        Reach = reach;
        LinkLengths = Array.AsReadOnly(_linkLengths);
        _measureRanges = Array.AsReadOnly(new[] { (-reach, reach), (-reach, reach) });
    }

    /// <summary>Length of each link, base first.</summary>
    public IReadOnlyList<double> LinkLengths { get; }

    /// <summary>Total arm length: the furthest the end effector can be from the origin.</summary>
    public double Reach { get; }

    /// <inheritdoc />
    public override string Id => "arm";

    /// <inheritdoc />
    public override string Name => $"Planar arm ({SolutionDim} joints)";

    /// <inheritdoc />
    public override int SolutionDim => _linkLengths.Length;

    /// <inheritdoc />
    public override int MeasureDim => 2;

    /// <inheritdoc />
    public override IReadOnlyList<string> MeasureNames { get; } = ["end-effector x (link lengths)", "end-effector y (link lengths)"];

    /// <inheritdoc />
    public override int FeatureDim => 2 * _linkLengths.Length;

    /// <inheritdoc />
    public override IReadOnlyList<(double Lower, double Upper)> MeasureRanges => _measureRanges;

    /// <inheritdoc />
    public override (double Lower, double Upper) InitialRange => (-Math.PI, Math.PI);

    /// <summary>
    /// The end effector from the features: Σ l_k·cos φ_k and Σ l_k·sin φ_k, summed in the order
    /// evaluation sums them, so the result equals evaluation's bit for bit.
    /// </summary>
    public void MeasuresFromFeatures(ReadOnlySpan<double> features, Span<double> measures)
    {
        int n = _linkLengths.Length;
        if (features.Length != 2 * n) throw new ArgumentException($"Features span has length {features.Length} but the task writes {2 * n}.", nameof(features));
        double x = 0.0, y = 0.0;
        for (int k = 0; k < n; k++)
        {
            x += _linkLengths[k] * features[k];
            y += _linkLengths[k] * features[n + k];
        }
        measures[0] = x;
        measures[1] = y;
    }

    /// <inheritdoc />
    protected override double Evaluate(ReadOnlySpan<double> solution, Span<double> measures, Span<double> features)
    {
        int n = _linkLengths.Length;
        ReadOnlySpan<double> lengths = _linkLengths;
        Span<double> cosines = features.Slice(0, n);
        Span<double> sines = features.Slice(n, n);

        // Forward kinematics: one SinCos per joint, reused for both the position and the features.
        double phi = 0.0, x = 0.0, y = 0.0;
        for (int k = 0; k < n; k++)
        {
            phi += solution[k];
            (double sin, double cos) = Math.SinCos(phi);
            cosines[k] = cos;
            sines[k] = sin;
            x += lengths[k] * cos;
            y += lengths[k] * sin;
        }
        measures[0] = x;
        measures[1] = y;

        // Variance as a second pass around the mean (cheap next to SinCos, and free of the
        // cancellation the one-pass E[x^2] - E[x]^2 formula suffers).
        double mean = phi / n; // phi has accumulated the sum of all angles
        double squares = 0.0;
        for (int k = 0; k < n; k++)
        {
            double d = solution[k] - mean;
            squares += d * d;
        }
        return (1.0 - squares / n) * 100.0;
    }

    /// <inheritdoc />
    protected override void WriteJacobian(ReadOnlySpan<double> solution, ReadOnlySpan<double> features, Span<double> jacobian)
    {
        int n = _linkLengths.Length;
        var objective = jacobian[..n];
        var dx = jacobian.Slice(n, n);
        var dy = jacobian.Slice(2 * n, n);
        double mean = 0.0;
        for (int k = 0; k < n; k++) mean += solution[k];
        mean /= n;
        double scale = -200.0 / n;
        for (int j = 0; j < n; j++) objective[j] = scale * (solution[j] - mean);

        // Suffix sums of the link vectors: joint j moves the end effector by the part of the arm beyond it, turned by 90 degrees.
        double sumCos = 0.0, sumSin = 0.0;
        for (int j = n - 1; j >= 0; j--)
        {
            sumCos += _linkLengths[j] * features[j];
            sumSin += _linkLengths[j] * features[n + j];
            dx[j] = -sumSin;
            dy[j] = sumCos;
        }
    }

    private static double[] UnitLinks(int dimension)
    {
        if (dimension < 1)
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The robotic arm needs dimension (number of joints) >= 1.");
        var lengths = new double[dimension];
        Array.Fill(lengths, 1.0);
        return lengths;
    }
}
