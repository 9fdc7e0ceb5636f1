using System.Globalization;
using QualityDiversity.Plotting.Internal;

namespace QualityDiversity.Plotting;

/// <summary>
/// An archive over categorical measures (one or two axes of named categories): drawn as a labelled heatmap
/// with each filled cell's value written inside it.
/// </summary>
/// <param name="XCategories">Category names of the first axis (drawn horizontally); at least one.</param>
/// <param name="YCategories">Category names of the second axis (drawn vertically), or <see langword="null"/> for a single-axis archive drawn as one row.</param>
/// <param name="Values">Cell values in row-major order (the first axis varies slowest: index = x * |Y| + y); <see cref="double.NaN"/> marks an empty cell.</param>
public sealed record CategoricalGridData(string[] XCategories, string[]? YCategories, double[] Values)
{
    /// <summary>Axis titles, one per axis (extra entries are ignored); <see langword="null"/> uses "measure 1", "measure 2".</summary>
    public string[]? AxisLabels { get; init; }

    /// <summary>Optional figure title.</summary>
    public string? Title { get; init; }

    /// <summary>.NET numeric format string for the values written in the cells (invariant culture).</summary>
    public string ValueFormat { get; init; } = "G4";

    /// <summary>
    /// The data of an archive with any number of categorical axes: one or two axes are drawn as
    /// they are; with more, each drawn cell shows the best value over the remaining axes.
    /// </summary>
    /// <param name="axes">Category names per axis.</param>
    /// <param name="values">One value per cell, row-major with the last axis fastest (as archives number cells); NaN for empty.</param>
    /// <exception cref="ArgumentException">No axis, or the value count does not match the axes.</exception>
    public static CategoricalGridData FromCells(IReadOnlyList<IReadOnlyList<string>> axes, double[] values)
    {
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(values);
        if (axes.Count == 0) throw new ArgumentException("a categorical archive has at least one axis.", nameof(axes));
        int cells = axes.Aggregate(1, (n, axis) => n * axis.Count);
        if (values.Length != cells) throw new ArgumentException($"values has {values.Length} entries but the axes make {cells} cells.", nameof(values));
        string[] x = [.. axes[0]];
        if (axes.Count == 1) return new CategoricalGridData(x, null, values);
        string[] y = [.. axes[1]];
        if (axes.Count == 2) return new CategoricalGridData(x, y, values);
        int rest = cells / (x.Length * y.Length);
        var projected = new double[x.Length * y.Length];
        for (int i = 0; i < projected.Length; i++)
        {
            double best = double.NaN;
            for (int j = 0; j < rest; j++)
            {
                double v = values[i * rest + j];
                if (!double.IsNaN(v) && !(v <= best)) best = v;
            }
            projected[i] = best;
        }
        return new CategoricalGridData(x, y, projected);
    }

    /// <summary>Checks the shape and contents of the data.</summary>
    /// <exception cref="ArgumentException">Something is inconsistent; the parameter name is the offending property.</exception>
    public void Validate()
    {
        CheckCategories(XCategories, nameof(XCategories));
        if (YCategories is not null)
            CheckCategories(YCategories, nameof(YCategories));

        int cells = XCategories.Length * (YCategories?.Length ?? 1);
        DataChecks.NotNull(Values, nameof(Values));
        if (Values.Length != cells)
            throw DataChecks.Error(nameof(Values), $"Values has {Values.Length} entries but there are {cells} cells.");
        DataChecks.FiniteOrNaN(Values, nameof(Values));
        DataChecks.Labels(AxisLabels, YCategories is null ? 1 : 2, nameof(AxisLabels));

        DataChecks.NotNull(ValueFormat, nameof(ValueFormat));
        try
        {
            _ = 1.5.ToString(ValueFormat, CultureInfo.InvariantCulture);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"ValueFormat '{ValueFormat}' is not a valid numeric format.", nameof(ValueFormat), e);
        }
    }

    private static void CheckCategories(string[]? categories, string field)
    {
        DataChecks.NotNull(categories, field);
        if (categories!.Length == 0)
            throw DataChecks.Error(field, $"{field} must contain at least one category.");
        if (Array.IndexOf(categories, null) is var i and >= 0)
            throw DataChecks.Error(field, $"{field}[{i}] is null.");
    }
}
