namespace QualityDiversity.Archives;

/// <summary>
/// Per-candidate outcome of a batch add: a status and an improvement value (objective minus
/// the cell's acceptance threshold before the batch; negative when not added).
/// </summary>
public sealed class AddResult
{
    /// <summary>Creates an outcome holder for <paramref name="count"/> candidates.</summary>
    public AddResult(int count)
    {
        Status = new AddStatus[count];
        Value = new double[count];
    }

    /// <summary>Status per candidate.</summary>
    public AddStatus[] Status { get; }

    /// <summary>Improvement value per candidate.</summary>
    public double[] Value { get; }

    /// <summary>Number of candidates.</summary>
    public int Count => Status.Length;

    /// <summary>How many candidates reached an empty cell.</summary>
    public int NewCount => Status.Count(s => s == AddStatus.New);

    /// <summary>How many candidates improved an occupied cell.</summary>
    public int ImprovedCount => Status.Count(s => s == AddStatus.ImprovedExisting);
}
