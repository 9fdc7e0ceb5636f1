namespace QualityDiversity.Plotting.Internal;

/// <summary>Reduces a grid archive of any dimension to the first two axes (one row for a 1-D archive).</summary>
internal static class GridProjection
{
    /// <summary>
    /// Returns values indexed [x * Rows + y]. Axes beyond the second are collapsed by taking the maximum of the filled cells,
    /// i.e. the best elite over the hidden measures; a drawn cell is empty only if all collapsed cells are.
    /// </summary>
    public static (int Columns, int Rows, double[] Values) ToTwoAxes(GridHeatmapData data) => ToTwoAxes(data.CellCounts, data.Values);

    /// <summary>The same for cells counted per axis by <paramref name="counts"/>, values row-major with the last axis fastest.</summary>
    public static (int Columns, int Rows, double[] Values) ToTwoAxes(int[] counts, double[] values)
    {
        int columns = counts[0];
        int rows = counts.Length > 1 ? counts[1] : 1;

        // Row-major with the first axis slowest: flat = (x * rows + y) * hidden + rest, so flat / hidden is the drawn cell.
        int hidden = values.Length / (columns * rows);
        var projected = new double[columns * rows];
        Array.Fill(projected, double.NaN);
        for (int flat = 0; flat < values.Length; flat++)
        {
            double v = values[flat];
            if (double.IsNaN(v))
                continue;
            int cell = flat / hidden;
            if (double.IsNaN(projected[cell]) || v > projected[cell])
                projected[cell] = v;
        }

        return (columns, rows, projected);
    }
}
