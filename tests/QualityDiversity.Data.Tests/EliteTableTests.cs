using QualityDiversity.Archives;
using QualityDiversity.Solutions;
using QualityDiversity.Tables;

namespace QualityDiversity.Data.Tests;

/// <summary>The elite table: columns, filtering, sorting and CSV.</summary>
public sealed class EliteTableTests
{
    /// <summary>A 4 x 4 grid with features and five elites, two with equal objectives.</summary>
    internal static GridArchive<double> Archive()
    {
        var archive = new GridArchive<double>(2, [4, 4], [(0, 4), (0, 4)], new ArchiveOptions<double> { FeatureDim = 1 });
        archive.Add(new CandidateBatch<double>(
            new SolutionBatch<double>(new[] { 0.1, 0.2, 1.1, 1.2, 2.1, 2.2, 3.1, 3.2, 4.1, -0.0 }, 2),
            new double[] { 5, -1.25, 7, 5, 1e-300 },
            new double[] { 0.5, 0.5, 1.5, 0.5, 2.5, 3.5, 3.5, 3.5, 0.5, 3.5 },
            new double[] { 10, 11, 12, 13, 14 }));
        return archive;
    }

    internal static EliteTable<double> Table() => Archive().ToTable(["x (m)", "y (m)"])
        .WithColumn(EliteColumn.Of("operator", ["mutate", null, "cross, \"over\"", "mutate", "é"]))
        .WithColumn(EliteColumn.Of("step", [3L, long.MaxValue, -4L, 0L, 9L]))
        .WithColumn(EliteColumn.Of("novelty", [0.5, double.NaN, double.PositiveInfinity, -0.0, 1.0 / 3]));

    [Fact]
    public void The_table_holds_the_archive_columns_in_cell_order_and_the_metadata_after_them()
    {
        var table = Table();

        Assert.Equal(["index", "objective", "threshold", "measures_0", "measures_1", "solution_0", "solution_1", "features_0", "operator", "step", "novelty"], table.ColumnNames);
        Assert.Equal([0, 3, 4, 11, 15], table.Data.Index); // cells of (0,0), (0,3), (1,0), (2,3), (3,3)
        Assert.Equal([5, 1e-300, -1.25, 7, 5], table.Data.Objective);
        Assert.Equal([0.5, 3.5], table[1].Measures.ToArray());
        Assert.Equal(14, table[1].Features[0]);
        Assert.Equal("x (m)", table.MeasureNames[0]);
        Assert.Equal(table.Numbers("measures_1"), table.Numbers("y (m)"));
    }

    [Fact]
    public void Filtering_keeps_the_order_and_carries_the_metadata()
    {
        var table = Table().Where(e => e.Measures[0] > 1 && e.Text("operator") != "é");

        Assert.Equal([4, 11], table.Data.Index);
        Assert.Equal(["cross, \"over\"", "mutate"], table.Metadata("operator").Texts);
        Assert.Equal([-4L, 0L], table.Metadata("step").Integers);
        Assert.Equal([1.1, 1.2, 2.1, 2.2], table.Data.Solutions);
    }

    [Fact]
    public void Sorting_is_stable_puts_NaN_and_null_last_and_sorts_text_ordinally()
    {
        var table = Table();

        var byObjective = table.OrderBy("objective", descending: true);
        Assert.Equal([7, 5, 5, 1e-300, -1.25], byObjective.Data.Objective);
        Assert.Equal([11, 0, 15, 3, 4], byObjective.Data.Index); // the two 5s keep their order: cell 0, then cell 15
        Assert.Equal(["mutate", "mutate", "é", null, "cross, \"over\""], byObjective.Metadata("operator").Texts);

        Assert.Equal([-0.0, 1.0 / 3, 0.5, double.PositiveInfinity, double.NaN], table.OrderBy("novelty").Metadata("novelty").Doubles);
        Assert.Equal(["cross, \"over\"", "mutate", "mutate", "é", null], table.OrderBy("operator").Metadata("operator").Texts);
        Assert.Equal([-4L, 0L, 3L, 9L, long.MaxValue], table.OrderBy("step").Metadata("step").Integers);
        Assert.Equal([15, 11], table.OrderBy("x (m)", descending: true).Take(2).Data.Index);
    }

    [Fact]
    public void Unknown_columns_and_misfit_metadata_are_refused_by_name()
    {
        var table = Table();
        var unknown = Assert.Throws<KeyNotFoundException>(() => table.OrderBy("speed"));
        Assert.Contains("'speed'", unknown.Message);
        Assert.Contains("measures_0", unknown.Message);
        var shortColumn = Assert.Throws<ArgumentException>(() => table.WithColumn(EliteColumn.Of("tag", ["a"])));
        Assert.Contains("'tag' has 1 values but the table has 5 rows", shortColumn.Message);
        var clash = Assert.Throws<ArgumentException>(() => table.WithColumn(EliteColumn.Of("objective", new double[5])));
        Assert.Contains("name of another column", clash.Message);
        Assert.Throws<ArgumentException>(() => Archive().ToTable(["only x"]));
        var kind = Assert.Throws<InvalidOperationException>(() => table.Metadata("step").Texts);
        Assert.Contains("'step' holds Int64", kind.Message);
    }

    [Fact]
    public void Csv_has_the_column_names_round_trip_numbers_and_quoted_text()
    {
        string csv = Table().Take(3).ToCsv();

        string[] lines = csv.Split('\n');
        Assert.Equal("index,objective,threshold,measures_0,measures_1,solution_0,solution_1,features_0,operator,step,novelty", lines[0]);
        Assert.Equal("0,5,5,0.5,0.5,0.1,0.2,10,mutate,3,0.5", lines[1]);
        Assert.Equal("3,1E-300,1E-300,0.5,3.5,4.1,-0,14,,9223372036854775807,NaN", lines[2]);
        Assert.Equal("4,-1.25,-1.25,1.5,0.5,1.1,1.2,11,\"cross, \"\"over\"\"\",-4,Infinity", lines[3]);
        Assert.Equal(5, lines.Length);
        Assert.Equal("", lines[4]);
    }
}
