namespace QualityDiversity.Emitters.Gradient;

/// <summary>
/// An emitter's copy of the Jacobians of its last <c>TellDqd</c>, optionally with every
/// gradient scaled to unit length: <c>g / (‖g‖ + ε)</c>, as pyribs normalises them, so that
/// coefficients and learning rates do not depend on the scale of the objective and measures.
/// </summary>
internal sealed class JacobianBuffer
{
    private double[] _values = [];

    public JacobianBuffer(int rows, int solutionDim, bool normalize, double epsilon)
    {
        Rows = rows;
        SolutionDim = solutionDim;
        Normalize = normalize;
        Epsilon = epsilon;
    }

    /// <summary>Gradients per Jacobian (1 + m).</summary>
    public int Rows { get; }

    public int SolutionDim { get; }

    public bool Normalize { get; }

    public double Epsilon { get; }

    /// <summary>Jacobians held, or -1 when none (before the first tell, after a restart or a restore).</summary>
    public int Count { get; private set; } = -1;

    public bool IsSet => Count >= 0;

    public void Clear() => Count = -1;

    /// <summary>Copies (and normalises) <paramref name="count"/> Jacobians.</summary>
    /// <exception cref="ArgumentException">The span does not hold <paramref name="count"/> Jacobians.</exception>
    public void Set(ReadOnlySpan<double> jacobians, int count)
    {
        int length = count * Rows * SolutionDim;
        if (jacobians.Length != length)
            throw new ArgumentException(
                $"Expected {count} Jacobians of {Rows} x {SolutionDim} ({length} values); got {jacobians.Length} values.", nameof(jacobians));
        if (_values.Length < length) _values = new double[length];
        var values = _values.AsSpan(0, length);
        jacobians.CopyTo(values);
        for (int r = 0; r < count * Rows; r++)
        {
            var g = values.Slice(r * SolutionDim, SolutionDim);
            for (int i = 0; i < g.Length; i++)
                if (!double.IsFinite(g[i]))
                    throw new ArgumentException($"Jacobian {r / Rows}, row {r % Rows}, element {i} is {g[i]}; gradients must be finite.", nameof(jacobians));
            if (!Normalize) continue;
            double squares = 0;
            foreach (double v in g) squares += v * v;
            double norm = Math.Sqrt(squares) + Epsilon;
            for (int i = 0; i < g.Length; i++) g[i] /= norm;
        }
        Count = count;
    }

    /// <summary>Gradient <paramref name="row"/> (0: objective, 1 + j: measure j) of Jacobian <paramref name="index"/>.</summary>
    public ReadOnlySpan<double> Gradient(int index, int row) => _values.AsSpan((index * Rows + row) * SolutionDim, SolutionDim);
}
