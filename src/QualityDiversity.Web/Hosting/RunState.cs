namespace QualityDiversity.Web.Hosting;

/// <summary>What the served run is doing, as the judging page says it.</summary>
internal enum RunState
{
    /// <summary>No run is served (the directory's run is not a web-judged QDHF run).</summary>
    None,

    /// <summary>The search runs between measure updates.</summary>
    Running,

    /// <summary>The search waits for judgments.</summary>
    Waiting,

    /// <summary>The run has ended (finished, stopped or failed).</summary>
    Ended,
}
