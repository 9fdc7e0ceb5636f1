namespace QualityDiversity.Learning.Search;

/// <summary>
/// The iterations (1-based) at which a run (re)learns its measure space. The first entry must be
/// iteration 1: a run cannot search before it has a measure space.
/// </summary>
public sealed class MeasureUpdateSchedule
{
    private readonly int[] _iterations;

    /// <summary>Creates a schedule from explicit iterations.</summary>
    /// <exception cref="ArgumentException">The list is empty, does not start at 1, or is not strictly increasing.</exception>
    public MeasureUpdateSchedule(IEnumerable<int> iterations)
    {
        ArgumentNullException.ThrowIfNull(iterations);
        _iterations = iterations.ToArray();
        if (_iterations.Length == 0 || _iterations[0] != 1)
            throw new ArgumentException("A measure update schedule must start at iteration 1.", nameof(iterations));
        for (int i = 1; i < _iterations.Length; i++)
        {
            if (_iterations[i] <= _iterations[i - 1])
                throw new ArgumentException($"Measure update iterations must be strictly increasing; {_iterations[i]} follows {_iterations[i - 1]}.", nameof(iterations));
        }
    }

    /// <summary>A single update at iteration 1 ("Pre" baselines, QDHF-Base, ground truth).</summary>
    public static MeasureUpdateSchedule Once { get; } = new([1]);

    /// <summary>
    /// QDHF's progressive schedule: updates at the start and after 10 %, 25 % and 50 % of
    /// <paramref name="totalIterations"/> (iterations 1, 101, 251 and 501 of 1000).
    /// </summary>
    public static MeasureUpdateSchedule Progressive(int totalIterations)
    {
        if (totalIterations < 1) throw new ArgumentOutOfRangeException(nameof(totalIterations), totalIterations, "A run needs at least one iteration.");
        var points = new[] { 0.0, 0.10, 0.25, 0.50 }
            .Select(f => 1 + (int)Math.Round(f * totalIterations))
            .Distinct()
            .ToArray();
        return new MeasureUpdateSchedule(points);
    }

    /// <summary>The update iterations, in increasing order.</summary>
    public IReadOnlyList<int> Iterations => _iterations;

    /// <summary>Number of updates.</summary>
    public int Count => _iterations.Length;

    /// <summary>The index of the update due at <paramref name="iteration"/>, or -1 when none is.</summary>
    public int UpdateAt(int iteration) => Array.IndexOf(_iterations, iteration);

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", _iterations);
}
