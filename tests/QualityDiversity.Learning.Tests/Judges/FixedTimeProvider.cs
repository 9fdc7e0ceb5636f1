namespace QualityDiversity.Learning.Tests.Judges;

/// <summary>A clock that reads a set time and moves only when told to.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
