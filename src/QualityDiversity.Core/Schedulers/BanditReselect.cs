using QualityDiversity.Emitters;

namespace QualityDiversity.Schedulers;

/// <summary>How a <see cref="BanditScheduler{T}"/> chooses which active emitters to reselect before an ask (pyribs' <c>reselect</c>).</summary>
public enum BanditReselect
{
    /// <summary>
    /// <c>"terminated"</c> (the default): only active emitters that restarted during their last
    /// tell (<see cref="IRestartingEmitter.Restarts"/> went up) are deactivated and reselected;
    /// they may be selected again.
    /// </summary>
    Terminated,

    /// <summary><c>"all"</c>: every active emitter is deactivated and reselected before each ask.</summary>
    All,
}
