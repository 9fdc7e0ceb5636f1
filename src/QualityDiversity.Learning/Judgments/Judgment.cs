namespace QualityDiversity.Learning.Judgments;

/// <summary>
/// One answered similarity question: "which of <see cref="A"/> and <see cref="B"/> is more
/// like <see cref="Reference"/>?", with who answered and when. Judgments are the training data
/// of learned measures and are kept on disk so that answers paid for once are reused.
/// </summary>
/// <param name="Reference">The reference candidate.</param>
/// <param name="A">The first candidate.</param>
/// <param name="B">The second candidate.</param>
/// <param name="Answer">Which candidate was judged more similar to the reference.</param>
/// <param name="JudgeKind">What kind of judge answered.</param>
/// <param name="JudgeName">Name of the judge (a person's name, a model id, "simulated").</param>
/// <param name="AnsweredAt">When the answer was given.</param>
public sealed record Judgment(
    JudgedItem Reference,
    JudgedItem A,
    JudgedItem B,
    TripletAnswer Answer,
    JudgeKind JudgeKind,
    string JudgeName,
    DateTimeOffset AnsweredAt);
