using QualityDiversity.Archives;
using QualityDiversity.Randomness;
using QualityDiversity.Solutions;

namespace QualityDiversity.Emitters.Gradient;

/// <summary>
/// The gradient variation operators of OG-MAP-Elites and OMG-MEGA (Fontaine and Nikolaidis 2021,
/// "Differentiable Quality Diversity"), after pyribs' <c>GradientOperatorEmitter</c>: perturbed
/// elites are evaluated with their gradients, then each takes one step along them.
/// </summary>
/// <remarks>
/// <para><see cref="AskDqd"/>: λ parents drawn uniformly from the archive (all <c>x0</c> while it
/// is empty) are perturbed, <c>x + σ N(0, I)</c> or with Iso+LineDD (see
/// <see cref="GradientOperatorType"/>), and clipped to the bounds. Their Jacobians arrive through
/// <see cref="TellDqd"/>, each gradient scaled to <c>g / (‖g‖ + ε)</c> when gradients are normalised.</para>
/// <para><see cref="Ask"/> steps from each perturbed parent <c>x</c>: OG-MAP-Elites (no measure
/// gradients) proposes <c>x + σ_g ∇f(x)</c>; OMG-MEGA proposes <c>x + |c_0| ∇f(x) + Σ_j c_j ∇m_j(x)</c>
/// with every <c>c ~ N(0, σ_g²)</c>, the objective coefficient kept non-negative. Candidates are
/// clipped to the bounds (pyribs leaves this step unbounded).</para>
/// <para>While the archive is empty and initial solutions are given, <see cref="AskDqd"/> proposes
/// nothing and <see cref="Ask"/> proposes the initial solutions. <see cref="Tell"/> learns nothing:
/// the operators have no adaptive state.</para>
/// </remarks>
public sealed class GradientOperatorEmitter : IGradientEmitter<double>
{
    private readonly RandomSource _random;
    private readonly double[] _x0;
    private readonly double[]? _initialSolutions;
    private readonly double[] _parents;
    private readonly double[] _solutions;
    private readonly double[] _coefficients;
    private readonly int[] _slots;
    private readonly int[] _lineSlots;
    private readonly JacobianBuffer _jacobian;
    private int _parentCount = -1; // rows of the last AskDqd; -1 before the first
    private int _asked = -1; // rows of the last Ask
    private bool _initialDue; // whether this step proposes the initial solutions (decided at AskDqd)

    /// <summary>Creates the emitter.</summary>
    /// <param name="archive">Archive to draw parents from.</param>
    /// <param name="sigma">Standard deviation σ of the perturbation of the parents.</param>
    /// <param name="sigmaG">Step size σ_g along the gradients.</param>
    /// <param name="random">Random generator owned by this emitter.</param>
    /// <param name="x0">Parent while the archive is empty and no initial solutions are given; zeros when null.</param>
    /// <param name="initialSolutions">Row-major solutions proposed while the archive is empty.</param>
    /// <param name="lineSigma">σ_line of the Iso+LineDD perturbation.</param>
    /// <param name="measureGradients">Whether to step along the measure gradients too (OMG-MEGA) or only the objective gradient (OG-MAP-Elites).</param>
    /// <param name="normalizeGradients">Whether each gradient is scaled to unit length (pyribs' default false).</param>
    /// <param name="epsilon">ε added to gradient norms when normalising.</param>
    /// <param name="operatorType">The perturbation of the parents.</param>
    /// <param name="bounds">Optional box the proposals are clipped into.</param>
    /// <param name="batchSize">Parents per step, and candidates per ask (pyribs' default 64).</param>
    public GradientOperatorEmitter(IArchive<double> archive, double sigma, double sigmaG, RandomSource random, double[]? x0 = null,
        double[]? initialSolutions = null, double lineSigma = 0.0, bool measureGradients = false, bool normalizeGradients = false,
        double epsilon = 1e-8, GradientOperatorType operatorType = GradientOperatorType.Isotropic, SolutionBounds? bounds = null, int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(random);
        int d = archive.SolutionWidth;
        if (!(sigma >= 0) || !double.IsFinite(sigma)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "sigma must be finite and non-negative.");
        if (!(sigmaG >= 0) || !double.IsFinite(sigmaG)) throw new ArgumentOutOfRangeException(nameof(sigmaG), sigmaG, "sigma_g must be finite and non-negative.");
        if (!(lineSigma >= 0) || !double.IsFinite(lineSigma)) throw new ArgumentOutOfRangeException(nameof(lineSigma), lineSigma, "line_sigma must be finite and non-negative.");
        if (!(epsilon >= 0) || !double.IsFinite(epsilon)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be finite and non-negative.");
        if (!Enum.IsDefined(operatorType)) throw new ArgumentOutOfRangeException(nameof(operatorType), operatorType, "operator_type must be Isotropic or IsoLine.");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch_size must be positive.");
        if (x0 is not null && x0.Length != d) throw new ArgumentException($"x0 has {x0.Length} values; the solution dimension is {d}.", nameof(x0));
        if (initialSolutions is not null && (initialSolutions.Length == 0 || initialSolutions.Length % d != 0))
            throw new ArgumentException($"initial_solutions holds {initialSolutions.Length} values, not a positive multiple of the solution dimension {d}.", nameof(initialSolutions));
        if (bounds is not null && bounds.Dimension != d)
            throw new ArgumentException($"bounds cover {bounds.Dimension} dimensions; the solution dimension is {d}.", nameof(bounds));

        Archive = archive;
        SolutionWidth = d;
        BatchSize = batchSize;
        Sigma = sigma;
        SigmaG = sigmaG;
        LineSigma = lineSigma;
        MeasureGradients = measureGradients;
        NormalizeGradients = normalizeGradients;
        Epsilon = epsilon;
        OperatorType = operatorType;
        Bounds = bounds;
        _random = random;
        _x0 = x0 is null ? new double[d] : (double[])x0.Clone();
        _initialSolutions = initialSolutions is null ? null : (double[])initialSolutions.Clone();
        _parents = new double[batchSize * d];
        _solutions = new double[Math.Max(batchSize * d, _initialSolutions?.Length ?? 0)];
        _coefficients = new double[batchSize * (archive.MeasureDim + 1)];
        _slots = new int[batchSize];
        _lineSlots = new int[batchSize];
        _jacobian = new JacobianBuffer(archive.MeasureDim + 1, d, normalizeGradients, epsilon);
    }

    /// <inheritdoc />
    public IArchive<double> Archive { get; }

    /// <inheritdoc />
    public int SolutionWidth { get; }

    /// <summary>Parents per step and candidates per <see cref="Ask"/> (the first ask proposes the initial solutions instead, when given).</summary>
    public int BatchSize { get; }

    /// <summary>Points per <see cref="AskDqd"/>: the same as <see cref="BatchSize"/>.</summary>
    public int GradientBatchSize => BatchSize;

    /// <summary>Standard deviation of the parents' perturbation.</summary>
    public double Sigma { get; }

    /// <summary>Step size along the gradients.</summary>
    public double SigmaG { get; }

    /// <summary>σ_line of the Iso+LineDD perturbation.</summary>
    public double LineSigma { get; }

    /// <summary>Whether the step uses the measure gradients (OMG-MEGA) or only the objective gradient (OG-MAP-Elites).</summary>
    public bool MeasureGradients { get; }

    /// <summary>Whether gradients are scaled to unit length.</summary>
    public bool NormalizeGradients { get; }

    /// <summary>ε added to gradient norms when normalising.</summary>
    public double Epsilon { get; }

    /// <summary>The perturbation of the parents.</summary>
    public GradientOperatorType OperatorType { get; }

    /// <summary>Box the proposals are clipped into, if any.</summary>
    public SolutionBounds? Bounds { get; }

    /// <summary>Centre of the parents while the archive is empty.</summary>
    public ReadOnlySpan<double> X0 => _x0;

    /// <summary>Perturbs λ parents (none while initial solutions are due). The buffer is owned by the emitter.</summary>
    public SolutionBatch<double> AskDqd()
    {
        int d = SolutionWidth;
        _jacobian.Clear();
        // Decided here for the whole step: other emitters' points may fill the archive before Ask.
        _initialDue = _initialSolutions is not null && Archive.IsEmpty;
        if (_initialDue)
        {
            _parentCount = 0;
            return new SolutionBatch<double>(ReadOnlyMemory<double>.Empty, d);
        }
        int n = BatchSize;
        var parents = _parents.AsSpan(0, n * d);
        bool empty = Archive.IsEmpty;
        if (!empty) Archive.SampleSlots(_random, _slots);
        if (Sigma > 0) _random.FillGaussian(parents);
        else parents.Clear();
        for (int i = 0; i < n; i++)
        {
            var row = parents.Slice(i * d, d);
            var parent = empty ? _x0 : Archive.Store.Solution(_slots[i]);
            for (int e = 0; e < d; e++) row[e] = parent[e] + Sigma * row[e];
        }
        if (OperatorType == GradientOperatorType.IsoLine && !empty)
        {
            // The line runs from the parent towards a second elite; with an empty archive there is none.
            Archive.SampleSlots(_random, _lineSlots);
            for (int i = 0; i < n; i++)
            {
                double t = LineSigma * _random.NextGaussian();
                var row = parents.Slice(i * d, d);
                var parent = Archive.Store.Solution(_slots[i]);
                var other = Archive.Store.Solution(_lineSlots[i]);
                for (int e = 0; e < d; e++) row[e] += t * (other[e] - parent[e]);
            }
        }
        Bounds?.Clip(parents);
        _parentCount = n;
        return new SolutionBatch<double>(_parents.AsMemory(0, n * d), d);
    }

    /// <summary>Keeps the Jacobians of the perturbed parents (normalised when <see cref="NormalizeGradients"/>).</summary>
    /// <exception cref="InvalidOperationException"><see cref="AskDqd"/> was not called first.</exception>
    /// <exception cref="ArgumentException">The feedback or the Jacobians do not match the last <see cref="AskDqd"/>.</exception>
    public void TellDqd(in EmitterFeedback<double> feedback, ReadOnlySpan<double> jacobians)
    {
        if (_parentCount < 0) throw new InvalidOperationException("TellDqd was called without a preceding AskDqd.");
        if (feedback.Candidates.Count != _parentCount)
            throw new ArgumentException($"The feedback holds {feedback.Candidates.Count} points; the last AskDqd returned {_parentCount}.", nameof(feedback));
        _jacobian.Set(jacobians, _parentCount);
    }

    /// <summary>Steps every perturbed parent along its gradients (or proposes the initial solutions). The buffer is owned by the emitter.</summary>
    /// <exception cref="InvalidOperationException">The Jacobians of this step's parents have not been told.</exception>
    public SolutionBatch<double> Ask()
    {
        int d = SolutionWidth;
        if (_initialDue && _parentCount == 0)
        {
            var initial = _solutions.AsSpan(0, _initialSolutions!.Length);
            _initialSolutions.CopyTo(initial);
            Bounds?.Clip(initial);
            _asked = initial.Length / d;
            return new SolutionBatch<double>(_solutions.AsMemory(0, initial.Length), d);
        }
        if (!_jacobian.IsSet || _jacobian.Count != _parentCount)
            throw new InvalidOperationException("The gradient-operator emitter needs the Jacobians of its parents: call AskDqd and TellDqd before Ask.");
        int n = _parentCount, k = Archive.MeasureDim + 1;
        var solutions = _solutions.AsSpan(0, n * d);
        _parents.AsSpan(0, n * d).CopyTo(solutions);
        if (MeasureGradients)
        {
            var coefficients = _coefficients.AsSpan(0, n * k);
            _random.FillGaussian(coefficients);
            for (int i = 0; i < n; i++)
            {
                var row = solutions.Slice(i * d, d);
                for (int j = 0; j < k; j++)
                {
                    double c = SigmaG * coefficients[i * k + j];
                    if (j == 0) c = Math.Abs(c); // the objective is only ever climbed
                    AddScaled(row, _jacobian.Gradient(i, j), c);
                }
            }
        }
        else
        {
            for (int i = 0; i < n; i++) AddScaled(solutions.Slice(i * d, d), _jacobian.Gradient(i, 0), SigmaG);
        }
        Bounds?.Clip(solutions);
        _asked = n;
        return new SolutionBatch<double>(_solutions.AsMemory(0, n * d), d);
    }

    /// <summary>Checks the feedback of the last <see cref="Ask"/>; the operators have nothing to learn.</summary>
    /// <exception cref="ArgumentException">The feedback does not hold the candidates of the last ask.</exception>
    public void Tell(in EmitterFeedback<double> feedback)
    {
        if (feedback.Candidates.Count != _asked)
            throw new ArgumentException($"The feedback holds {feedback.Candidates.Count} candidates; the last Ask returned {_asked}.", nameof(feedback));
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        writer.Write(nameof(GradientOperatorEmitter));
        writer.Write(SolutionWidth);
        writer.Write(BatchSize);
        _random.WriteState(writer);
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        string kind = reader.ReadString();
        if (kind != nameof(GradientOperatorEmitter))
            throw new InvalidDataException($"The checkpoint holds the state of a {kind}, not of a {nameof(GradientOperatorEmitter)}.");
        int width = reader.ReadInt32(), batchSize = reader.ReadInt32();
        if (width != SolutionWidth || batchSize != BatchSize)
            throw new InvalidDataException($"The checkpoint's gradient-operator emitter has dimension {width} and batch size {batchSize}; this one has {SolutionWidth} and {BatchSize}.");
        _random.ReadState(reader);
        _jacobian.Clear();
        _parentCount = -1;
        _asked = -1;
        _initialDue = false;
    }

    private static void AddScaled(Span<double> row, ReadOnlySpan<double> gradient, double scale)
    {
        for (int e = 0; e < row.Length; e++) row[e] += scale * gradient[e];
    }
}
