using QualityDiversity.Plotting.Internal;

namespace QualityDiversity.Plotting;

/// <summary>
/// An archive over one measure, drawn as a profile: the measure's values on x, the elites'
/// values (objectives) on y. With bins, each filled bin is a bar of its value across the bin's
/// true extent and a strip along the bottom shows which bins are filled.
/// </summary>
/// <param name="Positions">Each elite's measure value; finite.</param>
/// <param name="Values">Each elite's value (objective); finite.</param>
public sealed record ProfileData(double[] Positions, double[] Values)
{
    /// <summary>Bin edges of a binned archive: at least 2, finite and non-decreasing (equal edges make an empty bin, as a sliding-boundaries archive can have); null for an archive without bins.</summary>
    public double[]? BinEdges { get; init; }

    /// <summary>One value per bin (NaN for an empty bin); required with <see cref="BinEdges"/>.</summary>
    public double[]? BinValues { get; init; }

    /// <summary>Bounds of the x axis; null takes the bins' extent, or fits the positions.</summary>
    public AxisRange? XRange { get; init; }

    /// <summary>Title of the x axis (the measure's name and unit); null for "measure 1".</summary>
    public string? XLabel { get; init; }

    /// <summary>Optional figure title.</summary>
    public string? Title { get; init; }

    /// <summary>Whether to mark the bin edges with faint lines; null marks them when there are at most 40 bins.</summary>
    public bool? CellBorders { get; init; }

    /// <summary>Checks the shape and contents of the data.</summary>
    /// <exception cref="ArgumentException">Something is inconsistent; the parameter name is the offending property.</exception>
    public void Validate()
    {
        DataChecks.NotNull(Positions, nameof(Positions));
        DataChecks.NotNull(Values, nameof(Values));
        if (Values.Length != Positions.Length)
            throw DataChecks.Error(nameof(Values), $"Values has {Values.Length} entries but there are {Positions.Length} positions.");
        DataChecks.Finite(Positions, nameof(Positions));
        DataChecks.Finite(Values, nameof(Values));
        if (BinEdges is not null || BinValues is not null)
        {
            DataChecks.NotNull(BinEdges, nameof(BinEdges));
            DataChecks.NotNull(BinValues, nameof(BinValues));
            DataChecks.NonDecreasingEdges(BinEdges!, nameof(BinEdges));
            if (BinValues!.Length != BinEdges!.Length - 1)
                throw DataChecks.Error(nameof(BinValues), $"BinValues has {BinValues.Length} entries but the {BinEdges.Length} edges make {BinEdges.Length - 1} bins.");
            DataChecks.FiniteOrNaN(BinValues, nameof(BinValues));
        }
        DataChecks.Range(XRange, nameof(XRange));
    }
}
