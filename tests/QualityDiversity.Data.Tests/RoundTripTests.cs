using QualityDiversity.Archives;
using QualityDiversity.Tables;

namespace QualityDiversity.Data.Tests;

/// <summary>Elite tables through Parquet files and data frames and back, value for value.</summary>
public sealed class RoundTripTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qd-data-tests", Guid.NewGuid().ToString("N"));

    public RoundTripTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static void AssertSame<T>(EliteTable<T> expected, EliteTable<T> actual)
    {
        Assert.Equal(expected.ColumnNames, actual.ColumnNames);
        Assert.Equal(expected.MeasureNames, actual.MeasureNames);
        var (e, a) = (expected.Data, actual.Data);
        Assert.Equal((e.MeasureDim, e.SolutionWidth, e.FeatureDim), (a.MeasureDim, a.SolutionWidth, a.FeatureDim));
        Assert.Equal(e.Index, a.Index);
        // Bit patterns, so that -0 and NaN count too.
        Assert.Equal(Bits(e.Objective), Bits(a.Objective));
        Assert.Equal(Bits(e.Threshold), Bits(a.Threshold));
        Assert.Equal(Bits(e.Measures), Bits(a.Measures));
        Assert.Equal(Bits(e.Features), Bits(a.Features));
        Assert.Equal(e.Solutions, a.Solutions);
        for (int c = 0; c < expected.MetadataColumns.Count; c++)
        {
            var (x, y) = (expected.MetadataColumns[c], actual.MetadataColumns[c]);
            Assert.Equal((x.Name, x.Kind), (y.Name, y.Kind));
            switch (x.Kind)
            {
                case EliteColumnKind.Double: Assert.Equal(Bits(x.Doubles), Bits(y.Doubles)); break;
                case EliteColumnKind.Int64: Assert.Equal(x.Integers, y.Integers); break;
                default: Assert.Equal(x.Texts, y.Texts); break;
            }
        }
    }

    private static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    [Fact]
    public void A_table_round_trips_through_parquet_with_exact_values()
    {
        var table = EliteTableTests.Table();
        string path = Path.Combine(_directory, "sub", "elites.parquet");

        table.WriteParquet(path);
        var back = EliteTableParquet.ReadParquet<double>(path);

        AssertSame(table, back);
        Assert.Equal(["x (m)", "y (m)"], back.MeasureNames);
        Assert.True(double.IsNegative(back.Data.Solutions[3])); // the -0 of cell 3 stays negative
    }

    [Fact]
    public void A_table_round_trips_through_a_data_frame_with_exact_values()
    {
        var table = EliteTableTests.Table();

        var frame = table.ToDataFrame();
        Assert.Equal(5, frame.Rows.Count);
        Assert.Equal(table.ColumnNames, frame.Columns.Select(c => c.Name));
        Assert.Equal(7.0, frame.Columns["objective"][3]);
        Assert.Equal("cross, \"over\"", frame.Columns["operator"][2]);
        var back = frame.ToEliteTable<double>(table.MeasureNames);

        AssertSame(table, back);
    }

    [Fact]
    public void Text_solutions_and_an_empty_table_round_trip_too()
    {
        var archive = new CategoricalArchive<string>(1, [["calm", "wild"]]);
        archive.Add(new CandidateBatch<string>(new QualityDiversity.Solutions.SolutionBatch<string>(new[] { "a sea, \"grey\"" }, 1), new double[] { 2.5 }, new double[] { 1 }));
        var table = archive.ToTable(["mood"]);
        string path = Path.Combine(_directory, "text.parquet");

        table.WriteParquet(path);
        AssertSame(table, EliteTableParquet.ReadParquet<string>(path));
        AssertSame(table, table.ToDataFrame().ToEliteTable<string>(["mood"]));

        var empty = table.Where(_ => false);
        empty.WriteParquet(path);
        var back = EliteTableParquet.ReadParquet<string>(path);
        Assert.Equal(0, back.Count);
        AssertSame(empty, back);
    }

    [Fact]
    public void Unsupported_solutions_and_mismatched_files_are_refused_with_what_to_do()
    {
        var table = EliteTableTests.Table().ConvertSolutions(x => (decimal)x);
        var unsupported = Assert.Throws<NotSupportedException>(() => table.WriteParquet(Path.Combine(_directory, "d.parquet")));
        Assert.Contains("ConvertSolutions", unsupported.Message);
        Assert.Throws<NotSupportedException>(() => table.ToDataFrame());

        string path = Path.Combine(_directory, "doubles.parquet");
        EliteTableTests.Table().WriteParquet(path);
        var wrongType = Assert.Throws<InvalidDataException>(() => EliteTableParquet.ReadParquet<string>(path));
        Assert.Contains("'solution_0' holds Double values, not String", wrongType.Message);

        var frame = EliteTableTests.Table().ToDataFrame();
        frame.Columns.Remove("objective");
        var missing = Assert.Throws<ArgumentException>(() => frame.ToEliteTable<double>());
        Assert.Contains("no column 'objective'", missing.Message);
    }
}
