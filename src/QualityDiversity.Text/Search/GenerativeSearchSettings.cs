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

    /// <summary>Initialisation needs this many filled cells to end (QDAIF: 3, the number of few-shot examples).</summary>
    public int InitMinCells { get; init; } = 3;

    /// <summary>Initialisation steps: at most (<see cref="InitialisationRule.CellsOrSteps"/>) or at least (<see cref="InitialisationRule.StepsThenCells"/>) this many (QDAIF: 50).</summary>
    public int InitMaxSteps { get; init; } = 50;

    /// <summary>How <see cref="InitMinCells"/> and <see cref="InitMaxSteps"/> combine.</summary>
    public InitialisationRule InitRule { get; init; } = InitialisationRule.CellsOrSteps;

    /// <summary>
    /// Whether the seed texts are evaluated and offered to the archive before the first step.
    /// False makes them prompt examples only, as in QDAIF's reference: they appear in few-shot
    /// prompts but never in the archive or the QD score.
    /// </summary>
    public bool SeedsInArchive { get; init; } = true;

    /// <summary>
    /// Texts generated before the first step with the initialisation operator, from an empty
    /// prompt pool (so zero-shot), and kept as prompt examples, never evaluated (QDAIF's reference
    /// zero-shot initialisation: 5). 0 generates none.
    /// </summary>
    public int ZeroShotExamples { get; init; }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Steps < 0) throw new ArgumentException($"steps must be non-negative, got {Steps}.");
        if (BatchSize < 1) throw new ArgumentException($"batch_size must be at least 1, got {BatchSize}.");
        if (InitMinCells < 0) throw new ArgumentException($"init_min_cells must be non-negative, got {InitMinCells}.");
        if (InitMaxSteps < 0) throw new ArgumentException($"init_max_steps must be non-negative, got {InitMaxSteps}.");
        if (ZeroShotExamples < 0) throw new ArgumentException($"zero_shot_examples must be non-negative, got {ZeroShotExamples}.");
    }
}
