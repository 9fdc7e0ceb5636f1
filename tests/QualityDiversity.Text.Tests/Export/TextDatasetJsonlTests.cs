using System.Text;
using QualityDiversity.Text.Export;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Text.Tests.Export;

public class TextDatasetJsonlTests
{
    private static void WriteAll(string path, IEnumerable<EvaluatedText> rows)
    {
        using var writer = TextDatasetJsonl.Open(path);
        writer.Append(rows);
    }

    private static EvaluatedText Row(long id, int step) => new()
    {
        Id = id, Step = step, Operator = "lmx", ParentIds = [id - 1], Text = $"text {id}", Status = "new",
        Quality = id / 7.0, Measures = [id / 3.0], Cell = (int)id,
    };

    [Fact]
    public void Rows_round_trip_bit_exactly_including_NaN_infinities_and_awkward_unicode()
    {
        using var dir = new ExportTempDirectory();
        string path = dir.File("nested/deeper/dataset.jsonl");
        var rows = ExportRows.Sample();

        using (var writer = TextDatasetJsonl.Open(path))
        {
            writer.Append(rows.Take(2));
            writer.Append(rows.Skip(2));
            Assert.Equal(rows.Count, writer.RowsAppended);
            Assert.Null(writer.Warning);
            Assert.Equal(Path.GetFullPath(path), writer.Path);
        }

        var back = TextDatasetJsonl.Read(path, out string? warning);
        Assert.Null(warning);
        ExportRows.AssertSame(rows, back);

        byte[] bytes = File.ReadAllBytes(path);
        string content = Encoding.UTF8.GetString(bytes);
        Assert.False(bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]), "no byte order mark");
        Assert.EndsWith("\n", content);
        var lines = content.Split('\n');
        Assert.Equal(rows.Count + 1, lines.Length); // one line per row, newlines inside texts escaped
        Assert.Equal("", lines[^1]);
        Assert.StartsWith("{\"id\":0,\"step\":0,\"operator\":\"seed\",\"parent_ids\":[],\"text\":\"Green beans are wonderful.\",\"status\":\"new\",\"failure\":null,\"quality\":0.30000000000000004,\"measures\":[-0,5E-324],\"cell\":3,\"annotations\":{\"judge_mode\":\"softmax\",\"label\":\"positive\"}}", lines[0]);
        Assert.Contains("\"quality\":null", lines[1]);
        Assert.Contains("\"measures\":[1E-300,null,0.7]", lines[2]);
        Assert.Contains("\"quality\":\"Infinity\",\"measures\":[\"-Infinity\",", lines[4]);
        Assert.Contains("Ünïcödé ✓", lines[2]); // unicode stays readable
    }

    [Fact]
    public void Open_appends_to_an_existing_file()
    {
        using var dir = new ExportTempDirectory();
        string path = dir.File("dataset.jsonl");
        WriteAll(path, [Row(1, 0), Row(2, 1)]);
        WriteAll(path, [Row(3, 2)]);
        WriteAll(path, []);

        var back = TextDatasetJsonl.Read(path);
        Assert.Equal([1L, 2L, 3L], back.Select(r => r.Id));
        Assert.Equal(3, File.ReadAllText(path).Count(c => c == '\n'));
    }

    [Fact]
    public void Each_batch_is_on_disk_as_soon_as_Append_returns()
    {
        using var dir = new ExportTempDirectory();
        string path = dir.File("dataset.jsonl");
        using var writer = TextDatasetJsonl.Open(path);
        writer.Append([Row(1, 0)]);
        Assert.Equal([1L], TextDatasetJsonl.Read(path).Select(r => r.Id)); // read while the writer is open
        writer.Append([Row(2, 1), Row(3, 1)]);
        Assert.Equal([1L, 2L, 3L], TextDatasetJsonl.Read(path).Select(r => r.Id));
    }

    [Fact]
    public void A_torn_last_line_is_skipped_with_a_warning_and_cut_off_when_appending_again()
    {
        using var dir = new ExportTempDirectory();
        string path = dir.File("dataset.jsonl");
        var rows = ExportRows.Sample();
        WriteAll(path, rows);
        long complete = new FileInfo(path).Length;
        // An interrupted write: the first 57 bytes of the next row's line, no line break.
        string nextLine = File.ReadAllLines(path)[2];
        File.AppendAllText(path, nextLine[..57]);

        var back = TextDatasetJsonl.Read(path, out string? warning);
        ExportRows.AssertSame(rows, back);
        Assert.NotNull(warning);
        Assert.Contains($"line {rows.Count + 1}", warning);
        Assert.Contains(path, warning);
        ExportRows.AssertSame(rows, TextDatasetJsonl.Read(path)); // the overload without the warning skips it too

        using (var writer = TextDatasetJsonl.Open(path))
        {
            Assert.NotNull(writer.Warning);
            Assert.Equal(complete, new FileInfo(path).Length); // the torn bytes are gone
            writer.Append([Row(10, 4)]);
        }
        var after = TextDatasetJsonl.Read(path, out warning);
        Assert.Null(warning);
        ExportRows.AssertSame(rows, after.Take(rows.Count).ToList());
        Assert.Equal(10, after[^1].Id);
    }

    [Fact]
    public void A_torn_line_cut_inside_a_multibyte_character_is_skipped()
    {
        using var dir = new ExportTempDirectory();
        string path = dir.File("dataset.jsonl");
        WriteAll(path, [Row(1, 0)]);
        var bytes = Encoding.UTF8.GetBytes("{\"id\":2,\"step\":0,\"operator\":\"seed\",\"parent_ids\":[],\"text\":\"日本");
        using (var stream = new FileStream(path, FileMode.Append)) stream.Write(bytes, 0, bytes.Length - 1);

        Assert.Equal([1L], TextDatasetJsonl.Read(path, out string? warning).Select(r => r.Id));
        Assert.Contains("line 2", warning);
    }

    [Fact]
    public void A_complete_last_row_without_a_line_break_is_read_and_gets_one_before_appending()
    {
        using var dir = new ExportTempDirectory();
        string path = dir.File("dataset.jsonl");
        WriteAll(path, [Row(1, 0), Row(2, 0)]);
        File.WriteAllText(path, File.ReadAllText(path).TrimEnd('\n'));

        Assert.Equal([1L, 2L], TextDatasetJsonl.Read(path, out string? warning).Select(r => r.Id));
        Assert.Null(warning);
        using (var writer = TextDatasetJsonl.Open(path))
        {
            Assert.Null(writer.Warning);
            writer.Append([Row(3, 1)]);
        }
        Assert.Equal([1L, 2L, 3L], TextDatasetJsonl.Read(path).Select(r => r.Id));
    }

    [Fact]
    public void A_malformed_middle_line_is_an_error_naming_the_file_and_line()
    {
        using var dir = new ExportTempDirectory();
        string path = dir.File("dataset.jsonl");
        WriteAll(path, [Row(1, 0), Row(2, 0), Row(3, 1)]);
        var lines = File.ReadAllLines(path);
        File.WriteAllText(path, lines[0] + "\n" + lines[1][..30] + "\n" + lines[2] + "\n");

        var error = Assert.Throws<InvalidDataException>(() => TextDatasetJsonl.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("line 2:", error.Message);
        Assert.Throws<InvalidDataException>(() => TextDatasetJsonl.TruncateAfterStep(path, 5));
    }

    [Theory]
    [InlineData("{\"id\":1,\"operator\":\"seed\",\"parent_ids\":[],\"text\":null,\"status\":\"new\"}", "'step' is missing")]
    [InlineData("{\"id\":1.5,\"step\":0,\"operator\":\"seed\",\"parent_ids\":[],\"text\":null,\"status\":\"new\"}", "'id' must be a 64-bit integer")]
    [InlineData("{\"id\":1,\"step\":0,\"operator\":\"seed\",\"parent_ids\":[],\"text\":null,\"status\":\"new\",\"quality\":\"high\"}", "'quality' must be a number")]
    [InlineData("{\"id\":1,\"step\":0,\"operator\":\"seed\",\"parent_ids\":[],\"text\":null,\"status\":\"new\",\"annotations\":{\"a\":1}}", "Annotation 'a' must be a string")]
    [InlineData("[1,2]", "must be a JSON object")]
    public void A_complete_line_that_is_not_a_row_is_an_error_even_when_it_is_the_last(string line, string expected)
    {
        using var dir = new ExportTempDirectory();
        string path = dir.File("dataset.jsonl");
        WriteAll(path, [Row(1, 0)]);
        File.AppendAllText(path, line + "\n");

        var error = Assert.Throws<InvalidDataException>(() => TextDatasetJsonl.Read(path));
        Assert.Contains("line 2:", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Reading_tolerates_blank_lines_crlf_a_byte_order_mark_missing_optional_fields_and_unknown_fields()
    {
        using var dir = new ExportTempDirectory();
        string path = dir.File("dataset.jsonl");
        File.WriteAllText(path,
            "{\"id\":7,\"step\":2,\"operator\":\"seed\",\"parent_ids\":[1],\"text\":\"hi\",\"status\":\"new\",\"future_field\":{\"x\":[1]}}\r\n\r\n   \n" +
            "{\"id\":8,\"step\":2,\"operator\":\"lmx\",\"parent_ids\":[],\"text\":null,\"status\":\"generation_failed\",\"failure\":\"boom\",\"measures\":null,\"cell\":null,\"annotations\":null}\n",
            new UTF8Encoding(true));

        var rows = TextDatasetJsonl.Read(path, out string? warning);
        Assert.Null(warning);
        Assert.Equal(2, rows.Count);
        Assert.Equal(7, rows[0].Id);
        Assert.Equal([1L], rows[0].ParentIds);
        Assert.True(double.IsNaN(rows[0].Quality));
        Assert.Empty(rows[0].Measures);
        Assert.Equal(-1, rows[0].Cell);
        Assert.Empty(rows[0].Annotations);
        Assert.Null(rows[1].Text);
        Assert.Equal("boom", rows[1].Failure);
    }

    [Fact]
    public void Repeated_annotation_keys_keep_the_last_value_at_the_first_position()
    {
        using var dir = new ExportTempDirectory();
        string path = dir.File("dataset.jsonl");
        WriteAll(path, [Row(1, 0) with { Annotations = [new("a", "1"), new("b", "2"), new("a", "3")] }]);
        Assert.Contains("\"annotations\":{\"a\":\"3\",\"b\":\"2\"}", File.ReadAllText(path));
        File.AppendAllText(path, "{\"id\":2,\"step\":0,\"operator\":\"seed\",\"parent_ids\":[],\"text\":null,\"status\":\"new\",\"annotations\":{\"x\":\"1\",\"y\":\"2\",\"x\":\"9\"}}\n");

        var rows = TextDatasetJsonl.Read(path);
        Assert.Equal([new("a", "3"), new("b", "2")], rows[0].Annotations);
        Assert.Equal([new("x", "9"), new("y", "2")], rows[1].Annotations);
    }

    [Fact]
    public void Invalid_rows_are_rejected_before_anything_is_written()
    {
        using var dir = new ExportTempDirectory();
        string path = dir.File("dataset.jsonl");
        using var writer = TextDatasetJsonl.Open(path);
        writer.Append([Row(1, 0)]);
        long length = new FileInfo(path).Length;

        Assert.Throws<ArgumentException>(() => writer.Append([Row(2, 1), Row(3, 1) with { Operator = null! }]));
        Assert.Throws<ArgumentException>(() => writer.Append([Row(2, 1) with { Annotations = [new("k", null!)] }]));
        Assert.Equal(length, new FileInfo(path).Length);
        writer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => writer.Append([Row(2, 1)]));
    }

    [Fact]
    public void Opening_a_file_that_does_not_end_like_a_dataset_is_refused_and_leaves_it_alone()
    {
        using var dir = new ExportTempDirectory();
        string path = dir.File("notes.txt");
        File.WriteAllText(path, "my precious notes\nwithout a final newline");

        Assert.Throws<InvalidDataException>(() => TextDatasetJsonl.Open(path).Dispose());
        Assert.Equal("my precious notes\nwithout a final newline", File.ReadAllText(path));
    }

    [Fact]
    public void TruncateAfterStep_keeps_the_rows_up_to_the_step_byte_for_byte_and_drops_a_torn_line()
    {
        using var dir = new ExportTempDirectory();
        string path = dir.File("dataset.jsonl");
        WriteAll(path, [Row(1, 0), Row(2, 0), Row(3, 1), Row(4, 2), Row(5, 2)]);
        var lines = File.ReadAllLines(path);
        File.AppendAllText(path, "{\"id\":6,\"step\":3,\"oper");

        TextDatasetJsonl.TruncateAfterStep(path, 1);

        Assert.Equal(string.Join("", lines.Take(3).Select(l => l + "\n")), File.ReadAllText(path));
        var back = TextDatasetJsonl.Read(path, out string? warning);
        Assert.Null(warning);
        Assert.Equal([1L, 2L, 3L], back.Select(r => r.Id));
        Assert.Equal([path], dir.AllFiles()); // no temporary file left behind

        // Resuming: the rows of the interrupted batch are written again, once.
        WriteAll(path, [Row(4, 2), Row(5, 2)]);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], TextDatasetJsonl.Read(path).Select(r => r.Id));

        TextDatasetJsonl.TruncateAfterStep(path, -1);
        Assert.Empty(TextDatasetJsonl.Read(path));
        Assert.Equal(0, new FileInfo(path).Length);

        TextDatasetJsonl.TruncateAfterStep(dir.File("missing.jsonl"), 3);
        Assert.False(File.Exists(dir.File("missing.jsonl")));
    }

    [Fact]
    public void Reading_a_missing_file_throws_and_an_empty_file_has_no_rows()
    {
        using var dir = new ExportTempDirectory();
        Assert.Throws<FileNotFoundException>(() => TextDatasetJsonl.Read(dir.File("missing.jsonl")));
        using (TextDatasetJsonl.Open(dir.File("empty.jsonl"))) { }
        Assert.Empty(TextDatasetJsonl.Read(dir.File("empty.jsonl"), out string? warning));
        Assert.Null(warning);
    }
}
