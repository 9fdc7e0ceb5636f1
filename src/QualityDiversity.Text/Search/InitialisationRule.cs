namespace QualityDiversity.Text.Search;

/// <summary>When a <see cref="GenerativeSearch"/> stops using its initialisation operator. Decided for every step.</summary>
public enum InitialisationRule
{
    /// <summary>
    /// Initialisation ends as soon as <see cref="GenerativeSearchSettings.InitMinCells"/> cells
    /// are filled or <see cref="GenerativeSearchSettings.InitMaxSteps"/> steps are done, whichever
    /// comes first.
    /// </summary>
    CellsOrSteps,

    /// <summary>
    /// QDAIF's reference rule: the first <see cref="GenerativeSearchSettings.InitMaxSteps"/> steps
    /// always initialise, and initialisation goes on after them while fewer than
    /// <see cref="GenerativeSearchSettings.InitMinCells"/> cells are filled.
    /// </summary>
    StepsThenCells,
}
