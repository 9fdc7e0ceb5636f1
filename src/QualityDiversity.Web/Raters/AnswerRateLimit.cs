namespace QualityDiversity.Web.Raters;

/// <summary>How fast one rater may send answers: a bucket of <see cref="Burst"/> answers refilled at <see cref="PerMinute"/>.</summary>
/// <param name="PerMinute">Answers a minute a rater may keep up (at least 1).</param>
/// <param name="Burst">Answers a rater may send at once after a pause (at least 1).</param>
public sealed record AnswerRateLimit(int PerMinute = 180, int Burst = 10)
{
    /// <summary>The default: 3 a second, bursts of 10; more than a person reading the candidates needs.</summary>
    public static AnswerRateLimit Default { get; } = new();

    /// <summary>Checks both settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">One is below 1; the message names it.</exception>
    public void Validate()
    {
        if (PerMinute < 1) throw new ArgumentOutOfRangeException(nameof(PerMinute), PerMinute, "A rater may send at least 1 answer a minute.");
        if (Burst < 1) throw new ArgumentOutOfRangeException(nameof(Burst), Burst, "A rater's burst is at least 1 answer.");
    }

    /// <summary>The refill as whole answers per period: per second from 60 a minute up, else one answer per 60 / <see cref="PerMinute"/> seconds.</summary>
    internal (int Answers, TimeSpan Period) Refill =>
        PerMinute >= 60 ? (PerMinute / 60, TimeSpan.FromSeconds(1)) : (1, TimeSpan.FromSeconds(60.0 / PerMinute));
}
