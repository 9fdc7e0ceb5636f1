namespace QualityDiversity.Archives;

/// <summary>What an archive did with one candidate of a batch.</summary>
public enum AddStatus : byte
{
    /// <summary>The candidate did not clear its cell's acceptance threshold.</summary>
    NotAdded = 0,

    /// <summary>The candidate cleared the threshold of a cell that already held an elite.</summary>
    ImprovedExisting = 1,

    /// <summary>The candidate cleared the threshold of a cell that was empty before the batch.</summary>
    New = 2,
}
