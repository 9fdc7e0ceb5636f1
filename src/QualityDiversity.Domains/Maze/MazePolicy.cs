using QualityDiversity.Randomness;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace QualityDiversity.Domains.Maze;

/// <summary>
/// The maze robot's controller: a multilayer perceptron 5 → 8 → 2 whose weights and biases are
/// one flat genome of <see cref="ParameterCount"/> = 66 numbers.
/// </summary>
/// <remarks>
/// <para>Genome layout (all row-major, input index outer):</para>
/// <list type="table">
/// <item><term><c>[0, 40)</c></term><description>hidden weights: <c>W1[i, j]</c> at <c>i · 8 + j</c>, input <c>i</c> in 0..4 to hidden unit <c>j</c> in 0..7;</description></item>
/// <item><term><c>[40, 48)</c></term><description>hidden biases <c>b1[j]</c>;</description></item>
/// <item><term><c>[48, 64)</c></term><description>output weights: <c>W2[j, k]</c> at <c>48 + j · 2 + k</c>, hidden unit <c>j</c> to output <c>k</c> (0 = left wheel, 1 = right wheel);</description></item>
/// <item><term><c>[64, 66)</c></term><description>output biases <c>b2[k]</c>.</description></item>
/// </list>
/// <para>Forward pass: <c>h = act(obs · W1 + b1)</c>, <c>a = tanh(h · W2 + b2)</c>, with
/// <c>act</c> the chosen <see cref="MazeHiddenActivation"/>.</para>
/// </remarks>
public static class MazePolicy
{
    /// <summary>Inputs: the robot's observation (<see cref="MazeRobot.ObservationDim"/>).</summary>
    public const int InputDim = MazeRobot.ObservationDim;

    /// <summary>Hidden units.</summary>
    public const int HiddenDim = 8;

    /// <summary>Outputs: left and right wheel commands in <c>[-1, 1]</c>.</summary>
    public const int OutputDim = 2;

    /// <summary>Offset of the hidden weights in the genome.</summary>
    public const int HiddenWeightsOffset = 0;

    /// <summary>Offset of the hidden biases in the genome.</summary>
    public const int HiddenBiasOffset = HiddenWeightsOffset + InputDim * HiddenDim;

    /// <summary>Offset of the output weights in the genome.</summary>
    public const int OutputWeightsOffset = HiddenBiasOffset + HiddenDim;

    /// <summary>Offset of the output biases in the genome.</summary>
    public const int OutputBiasOffset = OutputWeightsOffset + HiddenDim * OutputDim;

    /// <summary>Genome length: <c>5·8 + 8 + 8·2 + 2 = 66</c>.</summary>
    public const int ParameterCount = OutputBiasOffset + OutputDim;

    /// <summary>
    /// Half-width of the LeCun-uniform range of the hidden weights, <c>sqrt(3 / 5)</c> (fan-in 5).
    /// </summary>
    public static readonly double HiddenInitLimit = Math.Sqrt(3.0 / InputDim);

    /// <summary>
    /// Half-width of the LeCun-uniform range of the output weights, <c>sqrt(3 / 8)</c> (fan-in 8).
    /// </summary>
    public static readonly double OutputInitLimit = Math.Sqrt(3.0 / HiddenDim);

    /// <summary>
    /// Computes the wheel commands, each in <c>[-1, 1]</c>, for one observation.
    /// </summary>
    /// <param name="genome">Flat weights and biases (layout in the remarks).</param>
    /// <param name="observation">The robot's observation, length <see cref="InputDim"/>.</param>
    /// <param name="action">Receives the left and right wheel commands, length <see cref="OutputDim"/>.</param>
    /// <param name="activation">Activation of the hidden layer.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public static void Act(ReadOnlySpan<double> genome, ReadOnlySpan<double> observation, Span<double> action, MazeHiddenActivation activation)
    {
        if (genome.Length != ParameterCount)
            throw new ArgumentException($"Genome must have length {ParameterCount}, got {genome.Length}.", nameof(genome));
        if (observation.Length != InputDim)
            throw new ArgumentException($"Observation must have length {InputDim}, got {observation.Length}.", nameof(observation));
        if (action.Length != OutputDim)
            throw new ArgumentException($"Action must have length {OutputDim}, got {action.Length}.", nameof(action));

        Forward(genome, observation, action, activation);
    }

    /// <summary><see cref="Act"/> without the argument checks, for the rollout loop whose spans are sized once.</summary>
    /// <remarks>
    /// The hidden layer is two four-lane vectors, each input adding its scaled row of eight
    /// weights. Only element-wise multiplies and adds are used (never fused), so the results are
    /// the same whether or not the hardware accelerates the vectors.
    /// </remarks>
    [SkipLocalsInit]
    internal static void Forward(ReadOnlySpan<double> genome, ReadOnlySpan<double> observation, Span<double> action, MazeHiddenActivation activation)
    {
        // Slicing to the fixed sizes checks the lengths once; the loads below are then in bounds.
        ref double w = ref MemoryMarshal.GetReference(genome[..ParameterCount]);
        ref double x = ref MemoryMarshal.GetReference(observation[..InputDim]);
        action = action[..OutputDim];

        var low = Vector256.LoadUnsafe(ref w, HiddenBiasOffset);
        var high = Vector256.LoadUnsafe(ref w, HiddenBiasOffset + 4);
        for (nuint i = 0; i < InputDim; i++)
        {
            var input = Vector256.Create(Unsafe.Add(ref x, i));
            low += input * Vector256.LoadUnsafe(ref w, HiddenWeightsOffset + i * HiddenDim);
            high += input * Vector256.LoadUnsafe(ref w, HiddenWeightsOffset + i * HiddenDim + 4);
        }

        if (activation == MazeHiddenActivation.Relu)
        {
            // h > 0 ? h : 0, lane by lane (maps NaN and −0 to +0 like the scalar form).
            low = Vector256.ConditionalSelect(Vector256.GreaterThan(low, Vector256<double>.Zero), low, Vector256<double>.Zero);
            high = Vector256.ConditionalSelect(Vector256.GreaterThan(high, Vector256<double>.Zero), high, Vector256<double>.Zero);
        }
        else
        {
            Span<double> hidden = stackalloc double[HiddenDim];
            low.CopyTo(hidden);
            high.CopyTo(hidden[4..]);
            for (int j = 0; j < HiddenDim; j++)
                hidden[j] = Math.Tanh(hidden[j]);
            low = Vector256.Create<double>(hidden);
            high = Vector256.Create<double>(hidden[4..]);
        }

        // Output weights are stored (hidden j, wheel k) at 2j + k, so four consecutive weights
        // pair hidden units (j, j, j + 1, j + 1) with wheels (0, 1, 0, 1).
        var pairs = Vector256.Shuffle(low, Vector256.Create(0L, 0, 1, 1)) * Vector256.LoadUnsafe(ref w, OutputWeightsOffset)
            + Vector256.Shuffle(low, Vector256.Create(2L, 2, 3, 3)) * Vector256.LoadUnsafe(ref w, OutputWeightsOffset + 4)
            + Vector256.Shuffle(high, Vector256.Create(0L, 0, 1, 1)) * Vector256.LoadUnsafe(ref w, OutputWeightsOffset + 8)
            + Vector256.Shuffle(high, Vector256.Create(2L, 2, 3, 3)) * Vector256.LoadUnsafe(ref w, OutputWeightsOffset + 12);
        action[0] = Math.Tanh(Unsafe.Add(ref w, OutputBiasOffset) + (pairs.GetElement(0) + pairs.GetElement(2)));
        action[1] = Math.Tanh(Unsafe.Add(ref w, OutputBiasOffset + 1) + (pairs.GetElement(1) + pairs.GetElement(3)));
    }

    /// <summary>
    /// Draws a random initial genome the way the reference initialises its policies: weights
    /// LeCun-uniform per layer (uniform in <c>±</c><see cref="HiddenInitLimit"/> and
    /// <c>±</c><see cref="OutputInitLimit"/>) and biases zero.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="genome"/> does not have length <see cref="ParameterCount"/>.</exception>
    public static void SampleInitial(RandomSource random, Span<double> genome)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (genome.Length != ParameterCount)
            throw new ArgumentException($"Genome must have length {ParameterCount}, got {genome.Length}.", nameof(genome));
        genome.Clear();
        for (int i = HiddenWeightsOffset; i < HiddenBiasOffset; i++)
            genome[i] = (2.0 * random.NextDouble() - 1.0) * HiddenInitLimit;
        for (int i = OutputWeightsOffset; i < OutputBiasOffset; i++)
            genome[i] = (2.0 * random.NextDouble() - 1.0) * OutputInitLimit;
    }
}
