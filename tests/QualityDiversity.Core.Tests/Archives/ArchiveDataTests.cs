using QualityDiversity.Archives;
using QualityDiversity.Core.Tests.Support;
using QualityDiversity.Export;

namespace QualityDiversity.Core.Tests.Archives;

public class ArchiveDataTests
{
    private static GridArchive<double> SoftArchive()
    {
        var options = new ArchiveOptions<double> { LearningRate = 0.5, ThresholdMin = 0, FeatureDim = 2 };
        var archive = new GridArchive<double>(3, [4, 4], [(0, 4), (0, 4)], options);
        // Inserted out of slot order: cells 7, 0 and 9 (row-major over the two axes).
        archive.Add(Batches.Of([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [3, 2, 4], [[1.5, 3.5], [0.5, 0.5], [2.5, 1.5]], [[1, 1], [2, 2], [3, 3]]));
        return archive;
    }

    [Fact]
    public void Columns_hold_every_elite_in_slot_order()
    {
        var archive = SoftArchive();
        var data = archive.ToData();

        Assert.Equal(3, data.Count);
        Assert.Equal([0, 7, 9], data.Index);
        Assert.Equal([2.0, 3, 4], data.Objective);
        Assert.Equal([1.0, 1.5, 2], data.Threshold); // halfway from 0 towards the objective (α = 0.5)
        Assert.Equal([0.5, 0.5, 1.5, 3.5, 2.5, 1.5], data.Measures);
        Assert.Equal([4.0, 5, 6, 1, 2, 3, 7, 8, 9], data.Solutions);
        Assert.Equal([2.0, 2, 1, 1, 3, 3], data.Features);
        Assert.Equal([1.5, 3.5], data.MeasuresOf(1).ToArray());
        Assert.Equal([0.5, 1.5, 2.5], data.MeasureColumn(0));
        Assert.Equal([1.0, 2, 3], data.SolutionOf(1).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => data.MeasureColumn(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.SolutionOf(3).ToArray());
    }

    [Fact]
    public void Columns_are_a_snapshot()
    {
        var archive = SoftArchive();
        var data = archive.ToData();
        archive.Add(Batches.Of([[0, 0, 0]], [9], [[3.5, 3.5]], [[0, 0]]));
        Assert.Equal(3, data.Count);
        Assert.Equal(4, archive.ToData().Count);
    }

    [Fact]
    public void A_csv_file_read_back_gives_the_same_columns()
    {
        var archive = SoftArchive();
        using var text = new StringWriter();
        ArchiveCsv.Write(archive, text);
        var table = ArchiveCsv.Read(new StringReader(text.ToString()), s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture));
        var fromFile = table.ToData();
        var live = archive.ToData();

        Assert.Equal(live.Index, fromFile.Index);
        Assert.Equal(live.Objective, fromFile.Objective);
        Assert.Equal(live.Threshold, fromFile.Threshold);
        Assert.Equal(live.Measures, fromFile.Measures);
        Assert.Equal(live.Solutions, fromFile.Solutions);
        Assert.Empty(fromFile.Features);
    }

    [Fact]
    public void Mismatched_columns_are_rejected_naming_the_column()
    {
        var error = Assert.Throws<ArgumentException>(() => new ArchiveData<double>([0, 1], [1, 2], [1, 2], [0.5, 0.5, 0.5], 2, [1, 2], 1));
        Assert.Equal("measures", error.ParamName);
    }

    [Fact]
    public void Elites_are_read_through_a_view_that_cannot_change_the_archive()
    {
        // The view's type has no mutators, and the storage behind it is not public.
        var storeProperty = typeof(IArchive<double>).GetProperty(nameof(IArchive<double>.Store))!;
        Assert.Equal(typeof(IReadOnlyEliteStore<double>), storeProperty.PropertyType);
        Assert.DoesNotContain(storeProperty.PropertyType.GetMethods(), m => m.ReturnType == typeof(void));
        Assert.False(typeof(GridArchive<double>).Assembly.GetType("QualityDiversity.Archives.EliteStore`1")!.IsPublic);

        var archive = SoftArchive();
        var elite = archive.Store.EliteAt(9);
        Assert.Equal((4.0, 2.0), (elite.Objective, elite.Threshold));
        Assert.Equal(archive.Elites().Single(e => e.Slot == 9).Solution, elite.Solution);
        Assert.Throws<ArgumentOutOfRangeException>(() => archive.Store.EliteAt(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => archive.Store.EliteAt(16));
        Assert.Equal(archive.Count, archive.Store.Count);
        Assert.Equal(archive.Statistics.Elites, archive.Store.OccupiedSlots.Length);
    }
}
