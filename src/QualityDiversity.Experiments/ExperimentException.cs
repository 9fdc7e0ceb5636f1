namespace QualityDiversity.Experiments;

/// <summary>
/// An experiment cannot start or continue. <see cref="Exception.Message"/> is written for the
/// user as is: it names the directory, option or field at fault and what to do about it.
/// Configuration errors are <see cref="Configuration.ConfigException"/>s instead.
/// </summary>
public sealed class ExperimentException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message, for the user.</param>
    /// <param name="kind">Whether the request itself was wrong or the run failed while it worked.</param>
    public ExperimentException(string message, ExperimentErrorKind kind = ExperimentErrorKind.InvalidRequest)
        : base(message)
    {
        Kind = kind;
        Parameter = string.Empty;
        Detail = message;
    }

    /// <summary>Creates an exception about the argument <paramref name="parameter"/>.</summary>
    /// <param name="parameter">The parameter at fault, e.g. <c>directory</c> or <c>length</c>.</param>
    /// <param name="detail">What is wrong with it; the message is "parameter: detail".</param>
    /// <param name="kind">Whether the request itself was wrong or the run failed while it worked.</param>
    public ExperimentException(string parameter, string detail, ExperimentErrorKind kind)
        : base($"{parameter}: {detail}")
    {
        Kind = kind;
        Parameter = parameter;
        Detail = detail;
    }

    /// <summary>The parameter at fault, or empty when the message is about the run as a whole.</summary>
    public string Parameter { get; }

    /// <summary>The message without the parameter name.</summary>
    public string Detail { get; }

    /// <summary>Whether the request itself was wrong or the run failed while it worked.</summary>
    public ExperimentErrorKind Kind { get; }
}
