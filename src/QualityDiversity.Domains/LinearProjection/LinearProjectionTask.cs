using System.Numerics;
using System.Runtime.InteropServices;
using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;

namespace QualityDiversity.Domains;

/// <summary>
/// Linear-projection ("LP") benchmark: a shifted sphere or Rastrigin objective over
/// <c>x ∈ R^n</c>, normalised to <c>[0, 100]</c>, with two measures that sum the clipped first
/// and second halves of the solution.
/// </summary>
/// <remarks>
/// <para>Raw objective, with shift <c>s = </c><see cref="Shift"/>: sphere <c>sum (x_i - s)^2</c>;
/// Rastrigin <c>10 n + sum [(x_i - s)^2 - 10 cos(2 pi (x_i - s))]</c>. Its optimum 0 is at
/// <c>x_i = s</c>. The reported objective is <c>100 (raw - worst) / (0 - worst)</c> with
/// <c>worst</c> the raw value at <c>x_i = -5.12</c>, so 100 is optimal and 0 is the bottom
/// corner of the usual search box (points far outside it can score below 0).</para>
/// <para>Measures: with <c>h = floor(n / 2)</c>, <c>(sum_{i &lt; h} clip(x_i), sum_{i &gt;= h} clip(x_i))</c>
/// where <c>clip(v) = v</c> if <c>|v| &lt;= 5.12</c> and <c>5.12 / v</c> otherwise. Each clipped
/// term lies in <c>[-5.12, 5.12]</c>, so measure <c>j</c> lies in <c>±(terms in half j) · 5.12</c>
/// (<c>±256</c> per measure at <c>n = 100</c>; for odd <c>n</c> the second half has one more term).</para>
/// <para>Gradients (<see cref="DifferentiableBenchmarkTask"/>): the objective's is
/// <c>100 / (0 - worst) · ∂raw/∂x_i</c>, with <c>∂raw/∂x_i = 2 (x_i - s)</c> for the sphere and
/// <c>2 (x_i - s) + 20 π sin(2 π (x_i - s))</c> for Rastrigin. Measure j's is <c>clip'(x_i)</c> on
/// its half and 0 elsewhere, with <c>clip'(v) = 1</c> for <c>|v| &lt;= 5.12</c> and <c>-5.12 / v²</c>
/// outside, as pyribs' sphere example differentiates the folded values. (That example passes
/// <c>-2 (x_i - s)</c>, the gradient of the negated raw sphere, as the objective gradient; this
/// task gives the gradient of the objective it reports. The two differ by the positive factor
/// <c>100 / |worst|</c>, which normalised gradients do not see.)</para>
/// </remarks>
public sealed class LinearProjectionTask : DifferentiableBenchmarkTask
{
    /// <summary>Half-width of the usual search box, and the clipping threshold of the measures.</summary>
    public const double Bound = 5.12;

    /// <summary>Location of the optimum on every axis: <c>0.4 · 5.12 = 2.048</c>.</summary>
    public const double Shift = 0.4 * Bound;

    private readonly int _half;
    private readonly double _worst;
    private readonly ReadOnlyCollection<(double Lower, double Upper)> _measureRanges;

    /// <summary>Creates an LP task of the given function and dimension.</summary>
    /// <param name="function">Sphere or Rastrigin.</param>
    /// <param name="dimension">Solution length <c>n</c>; at least 2 so both measure halves are non-empty.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is below 2, or <paramref name="function"/> is not defined.</exception>
    public LinearProjectionTask(LinearProjectionFunction function, int dimension)
    {
        if (!Enum.IsDefined(function))
            throw new ArgumentOutOfRangeException(nameof(function), function, "Unknown linear-projection function.");
        if (dimension < 2)
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension,
                "The linear-projection task needs dimension >= 2 (each of its two measures sums half of the solution).");

        Function = function;
        SolutionDim = dimension;
        _half = dimension / 2;

        // Evaluate the worst corner through the same code path as every solution, so the
        // normalisation matches evaluation exactly (e.g. the corner scores exactly 0).
        var corner = new double[dimension];
        Array.Fill(corner, -Bound);
        _worst = Raw(corner, out _, out _);

        double first = _half * Bound;
        double second = (dimension - _half) * Bound;
        _measureRanges = Array.AsReadOnly(new[] { (-first, first), (-second, second) });
    }

    /// <summary>The objective function.</summary>
    public LinearProjectionFunction Function { get; }

    /// <summary>Raw (unnormalised) objective at <c>x_i = -5.12</c>, which maps to normalised objective 0.</summary>
    public double WorstRawObjective => _worst;

    /// <inheritdoc />
    public override string Id => Function == LinearProjectionFunction.Sphere ? "lp-sphere" : "lp-rastrigin";

    /// <inheritdoc />
    public override string Name => $"LP {(Function == LinearProjectionFunction.Sphere ? "sphere" : "Rastrigin")} (n = {SolutionDim})";

    /// <inheritdoc />
    public override int SolutionDim { get; }

    /// <inheritdoc />
    public override int MeasureDim => 2;

    /// <inheritdoc />
    public override IReadOnlyList<string> MeasureNames { get; } = ["sum of clipped first half", "sum of clipped second half"];

    /// <inheritdoc />
    public override IReadOnlyList<(double Lower, double Upper)> MeasureRanges => _measureRanges;

    /// <inheritdoc />
    public override (double Lower, double Upper) InitialRange => (-Bound, Bound);

    /// <inheritdoc />
    // Fully optimised from the first call: it runs for every candidate, and in tier-0 code until
    // promoted it would slow the first few hundred iterations of every search several-fold.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override double Evaluate(ReadOnlySpan<double> solution, Span<double> measures, Span<double> features)
    {
        double raw = Raw(solution, out double m0, out double m1);
        measures[0] = m0;
        measures[1] = m1;
        return (raw - _worst) * 100.0 / (0.0 - _worst);
    }

    /// <inheritdoc />
    protected override void WriteJacobian(ReadOnlySpan<double> solution, ReadOnlySpan<double> features, Span<double> jacobian)
    {
        int n = SolutionDim;
        var objective = jacobian[..n];
        var first = jacobian.Slice(n, n);
        var second = jacobian.Slice(2 * n, n);
        double scale = 100.0 / (0.0 - _worst);
        bool rastrigin = Function == LinearProjectionFunction.Rastrigin;
        for (int i = 0; i < n; i++)
        {
            double v = solution[i];
            double d = v - Shift;
            double raw = rastrigin ? 2.0 * d + 20.0 * Math.PI * Math.Sin(Math.Tau * d) : 2.0 * d;
            objective[i] = scale * raw;
            double clipSlope = Math.Abs(v) <= Bound ? 1.0 : -Bound / (v * v);
            first[i] = i < _half ? clipSlope : 0.0;
            second[i] = i < _half ? 0.0 : clipSlope;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Raw(ReadOnlySpan<double> x, out double m0, out double m1) =>
        Function == LinearProjectionFunction.Sphere
            ? AccumulateSphere(x, _half, out m0, out m1)
            : x.Length * 10.0 + Accumulate<RastriginTerm>(x, _half, out m0, out m1);

    // One pass over the solution: the objective sum and both measure sums together. The term is
    // a struct type argument so the JIT specialises and inlines it (no delegate, no branch per element).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Accumulate<TTerm>(ReadOnlySpan<double> x, int half, out double m0, out double m1)
        where TTerm : struct, ITerm
    {
        double sum = 0.0, a = 0.0, b = 0.0;
        for (int i = 0; i < half; i++)
        {
            double v = x[i];
            sum += TTerm.Of(v - Shift);
            a += Clip(v);
        }
        for (int i = half; i < x.Length; i++)
        {
            double v = x[i];
            sum += TTerm.Of(v - Shift);
            b += Clip(v);
        }
        m0 = a;
        m1 = b;
        return sum;
    }

    // The sphere's pass with SIMD: the sphere is cheap enough that the scalar loop, not memory,
    // bounds a 540 x 100-D batch.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double AccumulateSphere(ReadOnlySpan<double> x, int half, out double m0, out double m1)
    {
        m0 = SphereRange(x[..half], out double first);
        m1 = SphereRange(x[half..], out double second);
        return first + second;
    }

    // Returns the sum of clipped values of x; writes the sum of (x_i - s)^2.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double SphereRange(ReadOnlySpan<double> x, out double squares)
    {
        int i = 0;
        double sum = 0, clipped = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var shift = new Vector<double>(Shift);
            var bound = new Vector<double>(Bound);
            Vector<double> sumV = Vector<double>.Zero, clipV = Vector<double>.Zero;
            var vectors = MemoryMarshal.Cast<double, Vector<double>>(x);
            foreach (var v in vectors)
            {
                var d = v - shift;
                sumV += d * d;
                clipV += Vector.ConditionalSelect(Vector.LessThanOrEqual(Vector.Abs(v), bound), v, bound / v);
            }
            sum = Vector.Sum(sumV);
            clipped = Vector.Sum(clipV);
            i = vectors.Length * Vector<double>.Count;
        }
        for (; i < x.Length; i++)
        {
            double d = x[i] - Shift;
            sum += d * d;
            clipped += Clip(x[i]);
        }
        squares = sum;
        return clipped;
    }

    /// <summary>Folds values outside the box back inside it (5.12 / v keeps the sign) so measures stay bounded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Clip(double v) => Math.Abs(v) <= Bound ? v : Bound / v;

    private interface ITerm
    {
        static abstract double Of(double d);
    }

    private readonly struct SphereTerm : ITerm
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Of(double d) => d * d;
    }

    private readonly struct RastriginTerm : ITerm
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Of(double d) => d * d - 10.0 * Math.Cos(Math.Tau * d);
    }
}
