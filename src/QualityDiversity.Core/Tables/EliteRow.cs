namespace QualityDiversity.Tables;

/// <summary>One elite of an <see cref="EliteTable{T}"/>, as a filter or sort key sees it.</summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public readonly struct EliteRow<T>
{
    internal EliteRow(EliteTable<T> table, int row)
    {
        Table = table;
        Row = row;
    }

    /// <summary>The table the row belongs to.</summary>
    public EliteTable<T> Table { get; }

    /// <summary>Position of the row in its table.</summary>
    public int Row { get; }

    /// <summary>The elite's cell index (its slot).</summary>
    public int Index => Table.Data.Index[Row];

    /// <summary>The elite's objective.</summary>
    public double Objective => Table.Data.Objective[Row];

    /// <summary>Its cell's threshold (NaN when unknown).</summary>
    public double Threshold => Table.Data.Threshold[Row];

    /// <summary>Its measures.</summary>
    public ReadOnlySpan<double> Measures => Table.Data.MeasuresOf(Row);

    /// <summary>Its solution.</summary>
    public ReadOnlySpan<T> Solution => Table.Data.SolutionOf(Row);

    /// <summary>Its features (empty when none are kept).</summary>
    public ReadOnlySpan<double> Features => Table.Data.FeaturesOf(Row);

    /// <summary>The row's value in the numeric column <paramref name="column"/> (see <see cref="EliteTable{T}.Numbers"/>).</summary>
    /// <exception cref="KeyNotFoundException">No numeric column has that name.</exception>
    public double Number(string column) => Table.NumberAt(column, Row);

    /// <summary>The row's value in the text metadata column <paramref name="column"/>.</summary>
    /// <exception cref="KeyNotFoundException">No metadata column has that name.</exception>
    /// <exception cref="InvalidOperationException">The column does not hold text.</exception>
    public string? Text(string column) => Table.Metadata(column).Texts[Row];
}
