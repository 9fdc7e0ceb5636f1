namespace QualityDiversity.Text.Search;

/// <summary>Budget and schedule of a <see cref="GenerativeSearch"/>.</summary>
public sealed record GenerativeSearchSettings
{
    /// <summary>Variation steps in total, initialisation steps included (QDAIF: 2000).</summary>
    public int Steps { get; init; } = 2000;

    /// <summary>
    /// Steps prepared together and generated concurrently. Parents of a batch come from the
    /// archive as it was when the batch started; results are inserted in step order, so the run
    /// does not depend on which answer arrives first.
    /// </summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Run seed; every step's random choices derive from it and the step number.</summary>
    public long Seed { get; init; }

    /// <summary>Initialisation ends once this many cells are filled (QDAIF: 3)...</summary>
    public int InitMinCells { get; init; } = 3;

    /// <summary>...or after this many initialisation steps (QDAIF: 50).</summary>
    public int InitMaxSteps { get; init; } = 50;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Steps < 0) throw new ArgumentException($"steps must be non-negative, got {Steps}.");
        if (BatchSize < 1) throw new ArgumentException($"batch_size must be at least 1, got {BatchSize}.");
        if (InitMinCells < 0) throw new ArgumentException($"init_min_cells must be non-negative, got {InitMinCells}.");
        if (InitMaxSteps < 0) throw new ArgumentException($"init_max_steps must be non-negative, got {InitMaxSteps}.");
    }
}
