namespace QualityDiversity.Threading;

/// <summary>
/// Work that <see cref="WorkTeam"/> runs in parts. Callers keep one instance and set its inputs
/// before each run, so that a hot loop allocates nothing.
/// </summary>
internal abstract class TeamJob
{
    /// <summary>
    /// Runs part <paramref name="part"/> of <paramref name="parts"/>. Parts may run on any thread
    /// and in any order, so each must write only its own share of the output.
    /// </summary>
    public abstract void RunPart(int part, int parts);
}
