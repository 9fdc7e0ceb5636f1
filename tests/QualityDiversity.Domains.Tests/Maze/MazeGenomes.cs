using QualityDiversity.Randomness;
using QualityDiversity.Domains.Maze;

namespace QualityDiversity.Domains.Tests.Maze;

/// <summary>Hand-made and random policy genomes for the maze tests.</summary>
internal static class MazeGenomes
{
    /// <summary>All weights and biases zero: both wheel commands are tanh(0) = 0.</summary>
    public static double[] Zero() => new double[MazePolicy.ParameterCount];

    /// <summary>
    /// Only the output biases are set, so the wheel commands are constant: tanh(left), tanh(right)
    /// whatever the robot senses. A bias of 50 saturates tanh to exactly 1.
    /// </summary>
    public static double[] ConstantWheels(double leftBias, double rightBias)
    {
        var genome = Zero();
        genome[MazePolicy.OutputBiasOffset] = leftBias;
        genome[MazePolicy.OutputBiasOffset + 1] = rightBias;
        return genome;
    }

    /// <summary>
    /// Random policies: half drawn like the reference initialisation, half of those mutated once
    /// more with Gaussian noise of standard deviation 0.2 per coordinate, as the search does.
    /// </summary>
    public static double[][] Random(int count, int seed)
    {
        var rng = new RandomSource((ulong)seed);
        var genomes = new double[count][];
        for (int i = 0; i < count; i++)
        {
            genomes[i] = new double[MazePolicy.ParameterCount];
            MazePolicy.SampleInitial(rng, genomes[i]);
            if (i % 2 == 1)
            {
                for (int j = 0; j < genomes[i].Length; j++)
                    genomes[i][j] += MazeTask.ReferenceMutationSigma * rng.NextGaussian();
            }
        }
        return genomes;
    }
}
