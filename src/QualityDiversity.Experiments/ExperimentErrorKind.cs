namespace QualityDiversity.Experiments;

/// <summary>What went wrong with an experiment, for callers that map errors to exit codes or retries.</summary>
public enum ExperimentErrorKind
{
    /// <summary>The request was wrong: a directory that holds another run, an iteration count below what is done, an unknown name.</summary>
    InvalidRequest,

    /// <summary>The run failed while it worked: missing or unreadable files, an endpoint that cannot be used. Fix the cause and resume.</summary>
    Failure,
}
