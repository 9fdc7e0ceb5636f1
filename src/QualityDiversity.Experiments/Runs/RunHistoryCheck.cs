namespace QualityDiversity.Experiments.Runs;

/// <summary>What <see cref="RunHistory.Verify"/> found acceptable but worth saying, and what it leaves to do.</summary>
/// <param name="Notes">Notes about files moved aside, for the user.</param>
/// <param name="Repair">Writes again what a checkpoint can give back (a judgments file moved aside); run it only once the resume may change files.</param>
internal sealed record RunHistoryCheck(IReadOnlyList<string> Notes, Action Repair);
