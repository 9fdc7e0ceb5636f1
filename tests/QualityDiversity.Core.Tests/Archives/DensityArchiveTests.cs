using QualityDiversity.Archives;
using QualityDiversity.Core.Tests.Support;
using QualityDiversity.Randomness;

namespace QualityDiversity.Core.Tests.Archives;

public class DensityArchiveTests
{
    private static double Kernel(double x) => Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);

    [Fact]
    public void Values_are_the_negative_kernel_density_before_the_batch_enters_the_buffer()
    {
        var archive = new DensityArchive<double>(1, 1, bandwidth: 2.0, seed: 1, bufferSize: 10);
        var first = archive.Add(Batches.Indexed([0.0, 0.0], [0.0], [3.0]));
        Assert.Equal([AddStatus.New, AddStatus.New], first.Status);
        Assert.Equal([0.0, 0.0], first.Value); // an empty buffer has density 0
        Assert.Equal([0.0, 3.0], archive.Buffer.ToArray());

        var second = archive.Add(Batches.Indexed([0.0, 0.0], [1.0], [10.0]));
        // rho(m) = (phi(|m - 0| / h) + phi(|m - 3| / h)) / (N h), N = 2, h = 2.
        Assert.Equal(-(Kernel(0.5) + Kernel(1.0)) / 4, second.Value[0], 14);
        Assert.Equal(-(Kernel(5.0) + Kernel(3.5)) / 4, second.Value[1], 14);
        Assert.Equal(4, archive.BufferCount);
        Assert.Equal(0, archive.Count);
        Assert.Equal(-1, archive.FindSlot([1.0]));
    }

    [Fact]
    public void The_buffer_is_a_uniform_sample_of_every_measure_offered()
    {
        const int size = 500, offered = 50_000;
        var archive = new DensityArchive<double>(1, 1, bandwidth: 1.0, seed: 7, bufferSize: size);
        for (int start = 0; start < offered; start += 100)
        {
            var measures = Enumerable.Range(start, 100).Select(i => new[] { (double)i }).ToArray();
            archive.Add(Batches.Of(measures, new double[100], measures));
        }
        Assert.Equal(size, archive.BufferCount);
        Assert.Equal(offered, archive.CandidatesSeen);
        var buffer = archive.Buffer.ToArray();
        Assert.Equal(size, buffer.Distinct().Count());
        // A uniform sample of 0..49,999: its mean is 25,000 with standard error 14,434 / sqrt(500) = 645,
        // and each tenth of the stream holds about 50 (sd 6.7) of the kept measures.
        Assert.InRange(buffer.Average(), 25_000 - 4 * 645, 25_000 + 4 * 645);
        var perTenth = buffer.GroupBy(v => (int)(v / 5_000)).Select(g => g.Count()).ToArray();
        Assert.Equal(10, perTenth.Length);
        Assert.All(perTenth, c => Assert.InRange(c, 50 - 4 * 7, 50 + 4 * 7));
    }

    [Fact]
    public void Malformed_batch_is_rejected_naming_field_and_index_and_leaves_the_buffer_unchanged()
    {
        var archive = new DensityArchive<double>(1, 2, bandwidth: 1.0, seed: 3, bufferSize: 4);
        archive.Add(Batches.Of([[0.0]], [0.0], [[1.0, 2.0]]));
        var e = Assert.Throws<ArchiveInputException>(() => archive.Add(Batches.Of([[0.0], [0.0]], [0.0, 0.0], [[1.0, 2.0], [double.NaN, 0.0]])));
        Assert.Equal("measures", e.Field);
        Assert.Equal(1, e.CandidateIndex);
        Assert.Equal([1.0, 2.0], archive.Buffer.ToArray());
        Assert.Equal(1, archive.CandidatesSeen);
    }

    [Fact]
    public void Checkpoint_round_trip_is_bit_exact_and_continues_identically()
    {
        var random = new RandomSource(9);
        CandidateBatch<double> NextBatch()
        {
            var measures = Enumerable.Range(0, 25).Select(_ => new[] { random.NextGaussian(), random.NextGaussian() }).ToArray();
            return Batches.Of(measures.Select(m => new[] { m[0] }).ToArray(), new double[25], measures);
        }
        var archive = new DensityArchive<double>(1, 2, bandwidth: 0.3, seed: 11, bufferSize: 40);
        for (int round = 0; round < 6; round++) archive.Add(NextBatch());

        byte[] saved = Save(archive);
        var restored = new DensityArchive<double>(1, 2, bandwidth: 0.3, seed: 99, bufferSize: 40);
        restored.Add(NextBatch()); // replaced by the checkpoint
        restored.ReadState(new BinaryReader(new MemoryStream(saved)));
        Assert.Equal(saved, Save(restored));
        for (int round = 0; round < 5; round++)
        {
            var batch = NextBatch();
            Assert.Equal(archive.Add(batch).Value, restored.Add(batch).Value);
        }
        Assert.Equal(archive.Buffer.ToArray(), restored.Buffer.ToArray());
        Assert.Equal(Save(archive), Save(restored));

        var other = new DensityArchive<double>(1, 2, bandwidth: 0.4, seed: 11, bufferSize: 40);
        Assert.Throws<InvalidDataException>(() => other.ReadState(new BinaryReader(new MemoryStream(saved))));
    }

    [Fact]
    public void Pyribs_rule_replays_pyribs_batch_loop_draw_for_draw()
    {
        // pyribs 0.8.3's DensityArchive.add, transcribed with the archive's generator and draws
        // (slot, then W, then skip): fill, then loop over what is left of the batch.
        const int size = 6;
        var random = new RandomSource(17);
        double Unit() => ((random.NextUInt64() >> 11) + 0.5) * (1.0 / (1UL << 53));
        double w = Math.Exp(Math.Log(Unit()) / size);
        long skip = (long)Math.Floor(Math.Log(Unit()) / Math.Log(1 - w));
        var expected = new List<double>();
        var archive = new DensityArchive<double>(1, 1, bandwidth: 1.0, seed: 17, bufferSize: size, reservoir: ReservoirRule.Pyribs);
        double next = 0;
        int fromFirst = 0, replacements = 0;
        foreach (int batchSize in new[] { 4, 5, 9, 1, 30, 7, 12, 3, 40, 25 })
        {
            var measures = Enumerable.Range(0, batchSize).Select(_ => new[] { next++ }).ToArray();
            int fill = Math.Min(size - expected.Count, batchSize);
            expected.AddRange(measures.Take(fill).Select(m => m[0]));
            long left = batchSize - fill;
            while (left > 0)
            {
                if (skip < left)
                {
                    expected[random.NextInt(size)] = measures[fill + skip][0];
                    replacements++;
                    if (skip == 0) fromFirst++;
                    w *= Math.Exp(Math.Log(Unit()) / size);
                    skip = (long)Math.Floor(Math.Log(Unit()) / Math.Log(1 - w));
                }
                long passed = Math.Min(skip, left);
                left -= passed;
                skip -= passed;
            }
            var result = archive.Add(Batches.Of(measures, new double[batchSize], measures));
            Assert.Equal(Enumerable.Repeat(AddStatus.New, batchSize), result.Status);
            Assert.Equal(expected, archive.Buffer.ToArray());
        }
        Assert.Equal(next, archive.CandidatesSeen);
        // The seeded stream takes both paths: 4 replacements at a pending skip past the first
        // candidate left, and 16 that copy that first candidate.
        Assert.Equal((20, 16), (replacements, fromFirst));
    }

    [Fact]
    public void Pyribs_rule_mostly_buffers_the_first_candidate_of_each_batch()
    {
        // 300 batches of 100 distinct measures into a buffer of 500. A uniform sample holds about
        // 500 / 100 = 5 batch-first measures; pyribs' loop copies the first candidate left in a
        // batch at every replacement after the first one of that batch.
        int FirstOfBatch(ReservoirRule rule)
        {
            var archive = new DensityArchive<double>(1, 1, bandwidth: 1.0, seed: 4, bufferSize: 500, reservoir: rule);
            for (int start = 0; start < 30_000; start += 100)
            {
                var measures = Enumerable.Range(start, 100).Select(i => new[] { (double)i }).ToArray();
                archive.Add(Batches.Of(measures, new double[100], measures));
            }
            return archive.Buffer.ToArray().Count(v => v % 100 == 0);
        }
        Assert.Equal((3, 367), (FirstOfBatch(ReservoirRule.Uniform), FirstOfBatch(ReservoirRule.Pyribs)));
    }

    [Fact]
    public void Both_rules_give_the_same_values_and_statuses_and_fill_the_buffer_alike()
    {
        var uniform = new DensityArchive<double>(1, 2, bandwidth: 0.5, seed: 8, bufferSize: 30);
        var pyribs = new DensityArchive<double>(1, 2, bandwidth: 0.5, seed: 8, bufferSize: 30, reservoir: ReservoirRule.Pyribs);
        var random = new RandomSource(2);
        for (int round = 0; round < 3; round++) // 3 x 10 candidates: the buffer fills, nothing is replaced
        {
            var measures = Enumerable.Range(0, 10).Select(_ => new[] { random.NextGaussian(), random.NextGaussian() }).ToArray();
            var batch = Batches.Of(measures.Select(m => new[] { m[0] }).ToArray(), new double[10], measures);
            var a = uniform.Add(batch);
            var b = pyribs.Add(batch);
            Assert.Equal(a.Value, b.Value);
            Assert.Equal(a.Status, b.Status);
        }
        Assert.Equal(uniform.Buffer.ToArray(), pyribs.Buffer.ToArray());
        Assert.Equal((ReservoirRule.Uniform, ReservoirRule.Pyribs), (uniform.Reservoir, pyribs.Reservoir));
        Assert.Throws<ArgumentOutOfRangeException>("reservoir", () => new DensityArchive<double>(1, 2, 0.5, 8, 30, reservoir: (ReservoirRule)7));
    }

    [Fact]
    public void Pyribs_rule_checkpoint_round_trips_and_is_refused_by_the_other_rule()
    {
        var random = new RandomSource(5);
        CandidateBatch<double> NextBatch()
        {
            var measures = Enumerable.Range(0, 25).Select(_ => new[] { random.NextGaussian() }).ToArray();
            return Batches.Of(measures, new double[25], measures);
        }
        var archive = new DensityArchive<double>(1, 1, bandwidth: 0.3, seed: 6, bufferSize: 20, reservoir: ReservoirRule.Pyribs);
        for (int round = 0; round < 4; round++) archive.Add(NextBatch());
        byte[] saved = Save(archive);

        var restored = new DensityArchive<double>(1, 1, bandwidth: 0.3, seed: 1, bufferSize: 20, reservoir: ReservoirRule.Pyribs);
        restored.ReadState(new BinaryReader(new MemoryStream(saved)));
        for (int round = 0; round < 4; round++)
        {
            var batch = NextBatch();
            Assert.Equal(archive.Add(batch).Value, restored.Add(batch).Value);
        }
        Assert.Equal(Save(archive), Save(restored));

        var uniform = new DensityArchive<double>(1, 1, bandwidth: 0.3, seed: 6, bufferSize: 20);
        var e = Assert.Throws<InvalidDataException>(() => uniform.ReadState(new BinaryReader(new MemoryStream(saved))));
        Assert.Contains("reservoir rule Pyribs", e.Message);
    }

    private static byte[] Save(IArchive<double> archive)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream)) archive.WriteState(writer);
        return stream.ToArray();
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void A_large_batch_gets_the_same_densities_as_one_row_at_a_time(int measureDim)
    {
        // 540 rows against a full buffer of 2,000 is enough work for the parallel path; one row is not.
        var archive = new DensityArchive<double>(1, measureDim, bandwidth: 0.7, seed: 5, bufferSize: 2000);
        var random = new RandomSource(21);
        var fill = new double[2000 * measureDim];
        random.FillGaussian(fill);
        archive.Add(Batches.Of(Enumerable.Range(0, 2000).Select(_ => new double[1]).ToArray(), new double[2000], Rows(fill, measureDim)));
        Assert.Equal(2000, archive.BufferCount);

        var queries = new double[540 * measureDim];
        random.FillGaussian(queries);
        var together = new double[540];
        archive.ComputeDensity(queries, together);
        var buffer = archive.Buffer.ToArray();
        for (int i = 0; i < 540; i++)
        {
            var alone = new double[1];
            archive.ComputeDensity(queries.AsSpan(i * measureDim, measureDim), alone);
            Assert.Equal(BitConverter.DoubleToInt64Bits(alone[0]), BitConverter.DoubleToInt64Bits(together[i]));
        }
        // And both are the kernel density of the definition.
        double expected = 0;
        for (int b = 0; b < 2000; b++)
        {
            double squared = 0;
            for (int c = 0; c < measureDim; c++) squared += Math.Pow(queries[c] - buffer[b * measureDim + c], 2);
            expected += Kernel(Math.Sqrt(squared) / 0.7);
        }
        Assert.Equal(expected / (2000 * 0.7), together[0], 12);
    }

    private static double[][] Rows(double[] flat, int width) =>
        Enumerable.Range(0, flat.Length / width).Select(r => flat.AsSpan(r * width, width).ToArray()).ToArray();
}
