using QualityDiversity.Archives;
using QualityDiversity.Cli.Tests.Support;
using QualityDiversity.Export;
using QualityDiversity.Solutions;

namespace QualityDiversity.Cli.Tests.Export;

public sealed class ArchiveCsvTests
{
    private static GridArchive<double> FilledGrid(ArchiveOptions<double>? options = null)
    {
        var archive = new GridArchive<double>(3, [4, 4], [(-1.0, 1.0), (-1.0, 1.0)], options);
        double[] solutions = [0.1, 1.0 / 3, -2e-300, Math.PI, -0.0, 1e300, 0.5, 0.25, 0.125];
        double[] objectives = [1.0 / 7, -2.5, 100];
        double[] measures = [-0.9, 0.9, 0.3, -0.3, 0.95, 0.95];
        archive.Add(new CandidateBatch<double>(new SolutionBatch<double>(solutions, 3), objectives, measures));
        return archive;
    }

    [Fact]
    public void WritesHeaderAndOneRowPerEliteInSlotOrder()
    {
        var archive = FilledGrid();
        var text = new StringWriter();
        ArchiveCsv.Write(archive, text);
        string[] lines = text.ToString().Split('\n');
        Assert.Equal("index,objective,measure_0,measure_1,solution_0,solution_1,solution_2", lines[0]);
        Assert.Equal(5, lines.Length); // header, 3 rows, final empty string
        Assert.Equal("", lines[^1]);
        var slots = lines[1..4].Select(l => int.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(slots.Order(), slots);
    }

    [Fact]
    public void DoublesRoundTripExactly()
    {
        using var dir = new TempDirectory();
        var archive = FilledGrid();
        string path = dir.File("archive.csv");
        ArchiveCsv.Write(archive, path);
        var table = ArchiveCsv.Read(path);
        Assert.Equal(2, table.MeasureDim);
        Assert.Equal(3, table.SolutionWidth);
        Assert.False(table.HasThreshold);
        var elites = archive.Elites().ToArray();
        Assert.Equal(elites.Length, table.Rows.Count);
        for (int i = 0; i < elites.Length; i++)
        {
            var row = table.Rows[i];
            Assert.Equal(elites[i].Slot, row.Index);
            Assert.Equal(BitConverter.DoubleToInt64Bits(elites[i].Objective), BitConverter.DoubleToInt64Bits(row.Objective));
            Assert.Equal(elites[i].Measures, row.Measures);
            Assert.Equal(elites[i].Solution.Select(BitConverter.DoubleToInt64Bits), row.Solution.Select(BitConverter.DoubleToInt64Bits));
            Assert.True(double.IsNaN(row.Threshold));
        }
        Assert.False(Directory.EnumerateFiles(dir.Path, "*.tmp").Any());
    }

    [Fact]
    public void SoftThresholdArchivesGetAThresholdColumn()
    {
        var archive = FilledGrid(new ArchiveOptions<double> { LearningRate = 0.5, ThresholdMin = 0 });
        var text = new StringWriter();
        ArchiveCsv.Write(archive, text);
        Assert.StartsWith("index,objective,threshold,measure_0", text.ToString());
        var table = ArchiveCsv.Read(new StringReader(text.ToString()), double.Parse);
        Assert.True(table.HasThreshold);
        var expected = archive.Elites().Select(e => e.Threshold).ToArray();
        Assert.Equal(expected, table.Rows.Select(r => r.Threshold));
        Assert.Contains(table.Rows, r => r.Threshold != r.Objective);
    }

    [Fact]
    public void TheThresholdColumnCanBeForced()
    {
        var text = new StringWriter();
        ArchiveCsv.Write(FilledGrid(), text, includeThreshold: true);
        Assert.StartsWith("index,objective,threshold,", text.ToString());
    }

    [Fact]
    public void StringSolutionsAreQuotedAndRoundTrip()
    {
        var archive = new GridArchive<string?>(2, [3], [(0.0, 3.0)]);
        string?[] solutions = ["plain", "with, comma", "with \"quotes\"", "two\nlines", " padded ", null];
        archive.Add(new CandidateBatch<string?>(new SolutionBatch<string?>(solutions, 2), new double[] { 1, 2, 3 }, new double[] { 0.5, 1.5, 2.5 }));
        using var dir = new TempDirectory();
        string path = dir.File("texts.csv");
        ArchiveCsv.Write(archive, path, s => s);
        string text = File.ReadAllText(path);
        Assert.Contains("\"with, comma\"", text);
        Assert.Contains("\"with \"\"quotes\"\"\"", text);
        var table = ArchiveCsv.Read(path, s => s);
        Assert.Equal(3, table.Rows.Count);
        Assert.Equal(["plain", "with, comma"], table.Rows[0].Solution);
        Assert.Equal(["with \"quotes\"", "two\nlines"], table.Rows[1].Solution);
        Assert.Equal([" padded ", ""], table.Rows[2].Solution);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("objective,measure_0\n1,2\n", "index")]
    [InlineData("index,objective,measure_1\n", "measure_0 is missing")]
    [InlineData("index,objective,measure_0\n1,2\n", "Line 2: expected 3 fields")]
    [InlineData("index,objective,measure_0\n1,2,x\n", "Line 2: measure_0 'x' is not a number")]
    [InlineData("index,objective,solution_0\n1,2,\"open\n", "not closed")]
    public void MalformedFilesAreRejectedWithTheLine(string text, string fragment)
    {
        var e = Assert.Throws<InvalidDataException>(() => ArchiveCsv.Read(new StringReader(text), s => s));
        Assert.Contains(fragment, e.Message);
    }
}
