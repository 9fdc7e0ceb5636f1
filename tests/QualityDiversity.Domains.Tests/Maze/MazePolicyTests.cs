using QualityDiversity.Randomness;
using QualityDiversity.Domains.Maze;

namespace QualityDiversity.Domains.Tests.Maze;

public class MazePolicyTests
{
    private static double[] Act(double[] genome, double[] observation, MazeHiddenActivation activation)
    {
        var action = new double[MazePolicy.OutputDim];
        MazePolicy.Act(genome, observation, action, activation);
        return action;
    }

    [Fact]
    public void Layout_Sizes()
    {
        Assert.Equal(66, MazePolicy.ParameterCount);
        Assert.Equal((0, 40, 48, 64), (MazePolicy.HiddenWeightsOffset, MazePolicy.HiddenBiasOffset, MazePolicy.OutputWeightsOffset, MazePolicy.OutputBiasOffset));
    }

    [Fact]
    public void Weights_Are_Indexed_Input_Major()
    {
        // One path: input 2 → hidden 3 (weight 2 at 2·8 + 3) → right wheel (weight 1 at 48 + 3·2 + 1),
        // plus a hidden bias on unit 3 and an output bias on the left wheel.
        var genome = MazeGenomes.Zero();
        genome[2 * 8 + 3] = 2.0;
        genome[40 + 3] = -0.25;
        genome[48 + 3 * 2 + 1] = 1.0;
        genome[64] = 0.3;
        double[] observation = [0.9, -0.4, 0.5, 1.0, -1.0];
        var action = Act(genome, observation, MazeHiddenActivation.Relu);
        Assert.Equal(Math.Tanh(0.3), action[0], 15);
        Assert.Equal(Math.Tanh(2.0 * 0.5 - 0.25), action[1], 15);
    }

    [Fact]
    public void Forward_Pass_Matches_A_Direct_Matrix_Product()
    {
        var rng = new Random(4);
        foreach (var activation in new[] { MazeHiddenActivation.Relu, MazeHiddenActivation.Tanh })
        {
            for (int trial = 0; trial < 50; trial++)
            {
                var genome = Enumerable.Range(0, 66).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
                var observation = Enumerable.Range(0, 5).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
                var action = Act(genome, observation, activation);
                for (int k = 0; k < 2; k++)
                {
                    double output = genome[64 + k];
                    for (int j = 0; j < 8; j++)
                    {
                        double pre = genome[40 + j];
                        for (int i = 0; i < 5; i++)
                            pre += observation[i] * genome[i * 8 + j];
                        double h = activation == MazeHiddenActivation.Relu ? Math.Max(0, pre) : Math.Tanh(pre);
                        output += h * genome[48 + j * 2 + k];
                    }
                    Assert.Equal(Math.Tanh(output), action[k], 13);
                }
            }
        }
    }

    [Fact]
    public void Relu_Silences_Negative_Hidden_Units_And_Tanh_Does_Not()
    {
        var genome = MazeGenomes.Zero();
        genome[40] = -0.5;   // hidden unit 0 bias
        genome[48] = 1.0;    // hidden unit 0 → left wheel
        double[] observation = [0, 0, 0, 0, 0];
        Assert.Equal(0.0, Act(genome, observation, MazeHiddenActivation.Relu)[0]);
        Assert.Equal(Math.Tanh(Math.Tanh(-0.5)), Act(genome, observation, MazeHiddenActivation.Tanh)[0], 15);
    }

    [Fact]
    public void Outputs_Stay_In_Minus_One_To_One()
    {
        var genome = Enumerable.Repeat(30.0, 66).ToArray();
        var action = Act(genome, [1, 1, 1, 1, 1], MazeHiddenActivation.Relu);
        Assert.All(action, a => Assert.InRange(a, -1.0, 1.0));
        Assert.Equal(1.0, action[0]);
    }

    [Fact]
    public void Initial_Genomes_Are_LeCun_Uniform_With_Zero_Biases()
    {
        var rng = new RandomSource(2UL);
        var genome = new double[66];
        double maxHidden = 0, maxOutput = 0;
        for (int trial = 0; trial < 200; trial++)
        {
            MazePolicy.SampleInitial(rng, genome);
            Assert.All(genome[40..48], b => Assert.Equal(0.0, b));
            Assert.All(genome[64..66], b => Assert.Equal(0.0, b));
            maxHidden = Math.Max(maxHidden, genome[..40].Max(Math.Abs));
            maxOutput = Math.Max(maxOutput, genome[48..64].Max(Math.Abs));
        }
        Assert.InRange(maxHidden, 0.99 * Math.Sqrt(0.6), Math.Sqrt(0.6));
        Assert.InRange(maxOutput, 0.99 * Math.Sqrt(3.0 / 8), Math.Sqrt(3.0 / 8));
        Assert.Equal(Math.Sqrt(0.6), MazePolicy.HiddenInitLimit, 15);
    }

    [Fact]
    public void Bad_Arguments_Are_Rejected()
    {
        var observation = new double[5];
        var action = new double[2];
        Assert.Throws<ArgumentException>(() => MazePolicy.Act(new double[65], observation, action, MazeHiddenActivation.Relu));
        Assert.Throws<ArgumentException>(() => MazePolicy.Act(new double[66], new double[4], action, MazeHiddenActivation.Relu));
        Assert.Throws<ArgumentException>(() => MazePolicy.Act(new double[66], observation, new double[3], MazeHiddenActivation.Relu));
        Assert.Throws<ArgumentException>(() => MazePolicy.SampleInitial(new RandomSource(1UL), new double[10]));
        Assert.Throws<ArgumentNullException>(() => MazePolicy.SampleInitial(null!, new double[66]));
    }
}
