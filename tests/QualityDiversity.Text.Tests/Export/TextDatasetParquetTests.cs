using System.Text;
using Parquet;
using Parquet.Schema;
using QualityDiversity.Text.Export;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Text.Tests.Export;

public class TextDatasetParquetTests
{
    private static void AssertMagic(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 8);
        Assert.Equal("PAR1", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal("PAR1", Encoding.ASCII.GetString(bytes, bytes.Length - 4, 4));
    }

    private static async Task<ParquetSchema> Schema(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        return reader.Schema;
    }

    [Fact]
    public void Rows_round_trip_with_nulls_lineage_and_ragged_measures()
    {
        using var dir = new ExportTempDirectory();
        string path = dir.File("out/dataset.parquet");
        var rows = ExportRows.Sample();

        TextDatasetParquet.Write(path, rows);

        AssertMagic(path);
        var back = TextDatasetParquet.Read(path);
        ExportRows.AssertSame(rows, back);
        Assert.Null(back[1].Text);
        Assert.Equal([0L, 7L, 9L], back[1].ParentIds);
        Assert.Empty(back[0].ParentIds);
        Assert.True(double.IsNaN(back[2].Measures[1])); // a NaN measure of an evaluated row stays a measure
        Assert.Equal(["measure_0", "measure_1", "measure_2"], TextDatasetParquet.ReadMeasureNames(path));
        Assert.Equal([path], dir.AllFiles().Select(Path.GetFullPath)); // no temporary file left behind
    }

    [Fact]
    public async Task The_file_has_the_documented_column_types_and_nulls()
    {
        using var dir = new ExportTempDirectory();
        string path = dir.File("dataset.parquet");
        var rows = ExportRows.Sample();
        TextDatasetParquet.Write(path, rows, ["sentiment", "length", "surprise"]);

        var schema = await Schema(path);
        Assert.Equal(
            ["id", "step", "operator", "parent_ids", "text", "status", "failure", "quality", "sentiment", "length", "surprise", "cell", "annotations"],
            schema.Fields.Select(f => f.Name));
        DataField Data(string name) => Assert.IsType<DataField>(schema.Fields.Single(f => f.Name == name), exactMatch: false);
        Assert.Equal(typeof(long), Data("id").ClrType);
        Assert.False(Data("id").IsNullable);
        Assert.Equal(typeof(int), Data("step").ClrType);
        Assert.Equal(typeof(int), Data("cell").ClrType);
        Assert.Equal(typeof(double), Data("quality").ClrType);
        Assert.True(Data("quality").IsNullable);
        Assert.True(Data("sentiment").IsNullable);
        Assert.True(Data("text").IsNullable);
        Assert.True(Data("failure").IsNullable);
        Assert.False(Data("status").IsNullable);
        var list = Assert.IsType<ListField>(schema.Fields.Single(f => f.Name == "parent_ids"));
        Assert.Equal(typeof(long), Assert.IsType<DataField>(list.Item, exactMatch: false).ClrType);

        // Read the raw columns: NaN quality is null, missing measures are null, annotations are JSON.
        await using var reader = await ParquetReader.CreateAsync(path);
        var group = reader.OpenRowGroupReader(0);
        Assert.Equal(rows.Count, group.RowCount);
        var quality = new double?[rows.Count];
        await group.ReadAsync<double>(Data("quality"), quality);
        Assert.Equal([0.1 + 0.2, null, double.MaxValue, null, double.PositiveInfinity], quality);
        var surprise = new double?[rows.Count];
        await group.ReadAsync<double>(Data("surprise"), surprise);
        Assert.Equal([null, null, 0.7, null, 123456789.123456789], surprise);
        var annotations = new string?[rows.Count];
        await group.ReadAsync(Data("annotations"), annotations);
        Assert.Equal("{\"judge_mode\":\"softmax\",\"label\":\"positive\"}", annotations[0]);
        Assert.Equal("{}", annotations[1]);
        var text = new string?[rows.Count];
        await group.ReadAsync(Data("text"), text);
        Assert.Null(text[1]);
        Assert.Equal(ExportRows.AwkwardText, text[2]);

        ExportRows.AssertSame(rows, TextDatasetParquet.Read(path));
        Assert.Equal(["sentiment", "length", "surprise"], TextDatasetParquet.ReadMeasureNames(path));
    }

    [Fact]
    public async Task An_empty_dataset_writes_a_valid_file()
    {
        using var dir = new ExportTempDirectory();
        string path = dir.File("empty.parquet");

        TextDatasetParquet.Write(path, []);

        AssertMagic(path);
        Assert.Empty(TextDatasetParquet.Read(path));
        Assert.Empty(TextDatasetParquet.ReadMeasureNames(path));
        var schema = await Schema(path);
        Assert.Contains(schema.Fields, f => f.Name == "parent_ids");
        Assert.Contains(schema.Fields, f => f.Name == "annotations");

        TextDatasetParquet.Write(path, [], ["a", "b"]);
        AssertMagic(path);
        Assert.Empty(TextDatasetParquet.Read(path));
        Assert.Equal(["a", "b"], TextDatasetParquet.ReadMeasureNames(path));
    }

    [Fact]
    public void Rows_without_measures_give_no_measure_columns()
    {
        using var dir = new ExportTempDirectory();
        string path = dir.File("dataset.parquet");
        var rows = ExportRows.Sample().Select(r => r with { Measures = [] }).ToList();
        TextDatasetParquet.Write(path, rows);
        Assert.Empty(TextDatasetParquet.ReadMeasureNames(path));
        ExportRows.AssertSame(rows, TextDatasetParquet.Read(path));
    }

    [Fact]
    public void Many_row_groups_read_back_in_order()
    {
        using var dir = new ExportTempDirectory();
        string path = dir.File("dataset.parquet");
        var rows = Enumerable.Range(0, 11).Select(i => new EvaluatedText
        {
            Id = i, Step = i / 3, Operator = i % 2 == 0 ? "lmx" : "rewrite",
            ParentIds = Enumerable.Range(0, i % 4).Select(p => (long)(i * 10 + p)).ToList(),
            Text = i % 5 == 0 ? null : $"text {i}", Status = "new", Quality = i % 3 == 0 ? double.NaN : i * 0.1,
            Measures = Enumerable.Range(0, i % 3).Select(m => i + m * 0.5).ToList(), Cell = i,
            Annotations = i % 2 == 0 ? [new("i", i.ToString())] : [],
        }).ToList();

        TextDatasetParquet.Write(path, rows, null, rowGroupSize: 3);

        ExportRows.AssertSame(rows, TextDatasetParquet.Read(path));
    }

    [Fact]
    public void Writing_replaces_an_existing_file()
    {
        using var dir = new ExportTempDirectory();
        string path = dir.File("dataset.parquet");
        var rows = ExportRows.Sample();
        TextDatasetParquet.Write(path, rows);
        TextDatasetParquet.Write(path, rows.Take(2).ToList());
        ExportRows.AssertSame(rows.Take(2).ToList(), TextDatasetParquet.Read(path));
        Assert.Single(dir.AllFiles());
    }

    [Fact]
    public async Task WriteAsync_and_ReadAsync_match_the_synchronous_calls()
    {
        using var dir = new ExportTempDirectory();
        string path = dir.File("dataset.parquet");
        var rows = ExportRows.Sample();
        await TextDatasetParquet.WriteAsync(path, rows);
        ExportRows.AssertSame(rows, await TextDatasetParquet.ReadAsync(path));
    }

    [Fact]
    public void Bad_measure_names_and_invalid_rows_are_rejected_without_touching_the_file()
    {
        using var dir = new ExportTempDirectory();
        string path = dir.File("dataset.parquet");
        var rows = ExportRows.Sample(); // up to 3 measures
        TextDatasetParquet.Write(path, rows.Take(1).ToList());
        byte[] before = File.ReadAllBytes(path);

        Assert.Contains("3 measures", Assert.Throws<ArgumentException>(() => TextDatasetParquet.Write(path, rows, ["a", "b"])).Message);
        Assert.Throws<ArgumentException>(() => TextDatasetParquet.Write(path, rows, ["a", "b", "a"]));
        Assert.Throws<ArgumentException>(() => TextDatasetParquet.Write(path, rows, ["a", "quality", "c"]));
        Assert.Throws<ArgumentException>(() => TextDatasetParquet.Write(path, rows, ["a", "", "c"]));
        Assert.Throws<ArgumentException>(() => TextDatasetParquet.Write(path, [rows[0] with { Status = null! }]));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(dir.AllFiles());
    }

    [Fact]
    public async Task Reading_a_file_without_the_dataset_columns_names_the_missing_column()
    {
        using var dir = new ExportTempDirectory();
        string path = dir.File("other.parquet");
        var id = new DataField<long>("id");
        await using (var stream = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(id), stream))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<long>(id, new long[] { 1 });
        }

        var error = Assert.Throws<InvalidDataException>(() => TextDatasetParquet.Read(path));
        Assert.Contains("'step'", error.Message);
    }
}
