namespace QualityDiversity.Evaluation;

/// <summary>
/// The evaluator could not be reached at all (for example no worker of a cluster answers), so
/// nothing is known about the batch's candidates. Unlike a failed evaluation, this never marks
/// candidates as failed: the batch is not evaluated and the run stops, to be resumed from its
/// last checkpoint once the evaluator is back.
/// </summary>
public class EvaluatorUnavailableException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    public EvaluatorUnavailableException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public EvaluatorUnavailableException(string message, Exception? inner) : base(message, inner)
    {
    }
}
