using QualityDiversity.Persistence;

namespace QualityDiversity.Core.Tests.Persistence;

public sealed class CheckpointFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "qd-checkpoint-tests", Guid.NewGuid().ToString("N"));

    public CheckpointFileTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name) => Path.Combine(_dir, name);

    private static void WriteSample(string path, int value) => CheckpointFile.Write(path,
    [
        new CheckpointSection("numbers", w =>
        {
            w.Write(value);
            w.Write(3);
            for (int i = 0; i < 3; i++) w.Write(i * 0.5);
        }),
        new CheckpointSection("name", w => w.Write("sample")),
    ]);

    private static (int Value, double[] Numbers, string Name) ReadSample(string path)
    {
        using var contents = CheckpointFile.Open(path);
        int value = 0;
        double[] numbers = [];
        string name = "";
        contents.Read("numbers", r =>
        {
            value = r.ReadInt32();
            numbers = new double[r.ReadCount("numbers", sizeof(double))];
            for (int i = 0; i < numbers.Length; i++) numbers[i] = r.ReadDouble();
        });
        contents.Read("name", r => name = r.ReadString());
        return (value, numbers, name);
    }

    [Fact]
    public void Sections_round_trip_and_the_previous_checkpoint_is_kept()
    {
        string path = File("checkpoint.bin");
        WriteSample(path, 1);
        Assert.False(System.IO.File.Exists(CheckpointFile.PreviousPath(path)));
        WriteSample(path, 2);

        Assert.Equal((2, "sample"), (ReadSample(path).Value, ReadSample(path).Name));
        Assert.Equal([0.0, 0.5, 1.0], ReadSample(path).Numbers);
        Assert.Equal(1, ReadSample(CheckpointFile.PreviousPath(path)).Value);
        Assert.Null(CheckpointFile.Check(path));
    }

    [Fact]
    public void Every_flipped_byte_and_every_cut_is_refused_before_any_state_is_read()
    {
        string path = File("checkpoint.bin");
        WriteSample(path, 7);
        byte[] good = System.IO.File.ReadAllBytes(path);
        int refused = 0;
        for (int i = 0; i < good.Length; i++)
        {
            byte[] bad = (byte[])good.Clone();
            bad[i] ^= (byte)(1 << (i % 8));
            System.IO.File.WriteAllBytes(path, bad);
            Assert.NotNull(CheckpointFile.Check(path));
            Assert.Throws<InvalidDataException>(() => ReadSample(path));
            refused++;
        }
        for (int length = 0; length < good.Length; length += 5)
        {
            System.IO.File.WriteAllBytes(path, good[..length]);
            Assert.NotNull(CheckpointFile.Check(path));
        }
        Assert.Equal(good.Length, refused);
    }

    [Fact]
    public void A_reader_that_does_not_fit_its_section_is_refused_with_the_section_named()
    {
        string path = File("checkpoint.bin");
        WriteSample(path, 7);
        using var contents = CheckpointFile.Open(path);

        var unread = Assert.Throws<InvalidDataException>(() => contents.Read("numbers", r => r.ReadInt32()));
        Assert.Contains("'numbers' state holds 28 bytes more", unread.Message);
        var overrun = Assert.Throws<InvalidDataException>(() => contents.Read("name", r => { r.ReadString(); r.ReadInt64(); }));
        Assert.Contains("'name' state ends before", overrun.Message);
        var missing = Assert.Throws<InvalidDataException>(() => contents.Read("archive", _ => { }));
        Assert.Contains("holds no 'archive' state", missing.Message);
        // A count larger than the section could hold fails before anything is allocated.
        var huge = Assert.Throws<InvalidDataException>(() => contents.Read("numbers", r => { r.ReadInt32(); r.ReadCount("numbers", 1 << 20); }));
        Assert.Contains("more than its remaining 24 bytes", huge.Message);
    }

    [Fact]
    public void A_file_of_another_format_is_named_as_such()
    {
        string path = File("checkpoint.bin");
        System.IO.File.WriteAllBytes(path, "\u000cQDCHECKPOINT\u0002\u0000\u0000\u0000 and more bytes than a header"u8.ToArray());
        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.Open(path));
        Assert.Contains("not a checkpoint of this format", error.Message);
    }

    [Fact]
    public void Temporaries_of_killed_writers_are_deleted_and_those_of_live_ones_kept()
    {
        // Process ids above the kernel's maximum (4,194,304 on Linux) cannot be running.
        string stale = File($".checkpoint.bin.99999999.{Guid.NewGuid():N}.tmp");
        string live = File($".checkpoint.bin.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        string other = File(".notes.tmp");
        foreach (var f in new[] { stale, live, other }) System.IO.File.WriteAllText(f, "x");

        var deleted = AtomicFile.DeleteStaleTemporaries(_dir);

        Assert.Equal([stale], deleted);
        Assert.False(System.IO.File.Exists(stale));
        Assert.True(System.IO.File.Exists(live));
        Assert.True(System.IO.File.Exists(other));
    }
}
