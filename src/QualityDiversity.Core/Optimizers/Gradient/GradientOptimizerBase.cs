namespace QualityDiversity.Optimizers.Gradient;

/// <summary>What every built-in gradient optimizer shares: θ, its checks and its checkpoint framing.</summary>
public abstract class GradientOptimizerBase : IGradientOptimizer
{
    private readonly double[] _theta;

    /// <summary>Initialises θ to <paramref name="theta0"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="theta0"/> is empty or not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not finite and positive.</exception>
    protected GradientOptimizerBase(ReadOnlySpan<double> theta0, double learningRate)
    {
        if (theta0.IsEmpty) throw new ArgumentException("theta0 must hold at least one value.", nameof(theta0));
        if (!(learningRate > 0) || !double.IsFinite(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "lr must be finite and positive.");
        _theta = new double[theta0.Length];
        LearningRate = learningRate;
        CheckFinite(theta0, nameof(theta0));
        theta0.CopyTo(_theta);
    }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public int Dimension => _theta.Length;

    /// <inheritdoc />
    public double LearningRate { get; }

    /// <inheritdoc />
    public ReadOnlySpan<double> Theta => _theta;

    /// <summary>θ, writable by the step rule.</summary>
    protected Span<double> MutableTheta => _theta;

    /// <inheritdoc />
    public void Reset(ReadOnlySpan<double> theta0)
    {
        CheckLength(theta0, nameof(theta0));
        CheckFinite(theta0, nameof(theta0));
        theta0.CopyTo(_theta);
        ResetState();
    }

    /// <inheritdoc />
    public void Step(ReadOnlySpan<double> gradient)
    {
        CheckLength(gradient, nameof(gradient));
        Ascend(gradient);
    }

    /// <summary>Forgets the rule's accumulated state (called by <see cref="Reset"/> after θ moved).</summary>
    protected abstract void ResetState();

    /// <summary>Moves θ along <paramref name="gradient"/> (of length <see cref="Dimension"/>).</summary>
    protected abstract void Ascend(ReadOnlySpan<double> gradient);

    /// <summary>Writes the rule's own state after θ.</summary>
    protected abstract void WriteRuleState(BinaryWriter writer);

    /// <summary>Reads what <see cref="WriteRuleState"/> wrote.</summary>
    protected abstract void ReadRuleState(BinaryReader reader);

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        writer.Write(Name);
        writer.Write(_theta.Length);
        foreach (double v in _theta) writer.Write(v);
        WriteRuleState(writer);
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        string name = reader.ReadString();
        int dimension = reader.ReadInt32();
        if (name != Name || dimension != Dimension)
            throw new InvalidDataException($"The checkpoint holds a {name} optimizer of dimension {dimension}; this one is {Name} of dimension {Dimension}.");
        for (int i = 0; i < _theta.Length; i++) _theta[i] = reader.ReadDouble();
        ReadRuleState(reader);
    }

    /// <summary>Writes a vector (no length prefix: the length is the dimension).</summary>
    protected static void WriteVector(BinaryWriter writer, double[] values)
    {
        foreach (double v in values) writer.Write(v);
    }

    /// <summary>Reads a vector written by <see cref="WriteVector"/>.</summary>
    protected static void ReadVector(BinaryReader reader, double[] values)
    {
        for (int i = 0; i < values.Length; i++) values[i] = reader.ReadDouble();
    }

    private void CheckLength(ReadOnlySpan<double> values, string name)
    {
        if (values.Length != _theta.Length)
            throw new ArgumentException($"{name} has {values.Length} values; the optimizer's dimension is {_theta.Length}.", name);
    }

    private static void CheckFinite(ReadOnlySpan<double> values, string name)
    {
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i])) throw new ArgumentException($"{name}[{i}] is {values[i]}; it must be finite.", name);
    }
}
