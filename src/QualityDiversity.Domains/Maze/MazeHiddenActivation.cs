namespace QualityDiversity.Domains.Maze;

/// <summary>Activation function of the maze policy's hidden layer (its output layer always uses tanh).</summary>
public enum MazeHiddenActivation
{
    /// <summary><c>max(0, x)</c>: the default of the MLP the reference maze task builds its policies with.</summary>
    Relu,

    /// <summary><c>tanh(x)</c>: a smooth, bounded alternative.</summary>
    Tanh,
}
