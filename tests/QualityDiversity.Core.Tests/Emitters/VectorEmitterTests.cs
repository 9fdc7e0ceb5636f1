using QualityDiversity.Archives;
using QualityDiversity.Core.Tests.Support;
using QualityDiversity.Emitters;
using QualityDiversity.Randomness;

namespace QualityDiversity.Core.Tests.Emitters;

public class VectorEmitterTests
{
    private static GridArchive<double> Archive(int dim = 3) => new(dim, [10, 10], [(-1, 1), (-1, 1)]);

    private static void Fill(GridArchive<double> archive)
    {
        var random = new RandomSource(123);
        var solutions = Enumerable.Range(0, 50).Select(_ => Enumerable.Range(0, archive.SolutionWidth).Select(_ => random.NextDouble(-1, 1)).ToArray()).ToArray();
        archive.Add(Batches.Of(solutions, solutions.Select(s => -s.Sum(x => x * x)).ToArray(), solutions.Select(s => new[] { s[0], s[1] }).ToArray()));
    }

    [Fact]
    public void Gaussian_emitter_is_deterministic_under_a_seed()
    {
        var archive = Archive();
        Fill(archive);
        var a = new GaussianEmitter(archive, [0.1], 20, new RandomSource(5));
        var b = new GaussianEmitter(archive, [0.1], 20, new RandomSource(5));
        var c = new GaussianEmitter(archive, [0.1], 20, new RandomSource(6));

        var batchA = a.Ask().Data.ToArray();
        Assert.Equal(batchA, b.Ask().Data.ToArray());
        Assert.NotEqual(batchA, c.Ask().Data.ToArray());
        Assert.Equal(60, batchA.Length);
    }

    // 540 x 100 values are drawn in two halves, each turned into children on the thread that
    // drew it where the partner thread has a core of its own; rows straddle the halves.
    [Theory]
    [InlineData(540, 100)]
    [InlineData(1_000, 37)]
    public void Gaussian_emitter_batch_is_archive_parent_plus_sigma_times_one_fill(int batch, int dim)
    {
        var archive = Archive(dim);
        Fill(archive);
        var sigma = Enumerable.Range(0, dim).Select(j => 0.05 + 0.01 * j).ToArray();
        var children = new GaussianEmitter(archive, sigma, batch, new RandomSource(5)).Ask().Data.ToArray();

        var random = new RandomSource(5);
        var slots = new int[batch];
        archive.SampleSlots(random, slots);
        var normals = new double[batch * dim];
        random.FillGaussian(normals);
        for (int i = 0; i < batch; i++)
        {
            var parent = archive.Store.Solution(slots[i]);
            for (int j = 0; j < dim; j++) Assert.Equal(parent[j] + sigma[j] * normals[i * dim + j], children[i * dim + j]);
        }
    }

    [Fact]
    public void Large_gaussian_batches_are_deterministic_and_resume_from_saved_state()
    {
        var archive = Archive(100);
        Fill(archive);
        var a = new GaussianEmitter(archive, [0.5], 540, new RandomSource(5));
        var b = new GaussianEmitter(archive, [0.5], 540, new RandomSource(5));
        Assert.Equal(a.Ask().Data.ToArray(), b.Ask().Data.ToArray());

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) a.WriteState(writer);
        var expected = a.Ask().Data.ToArray();
        stream.Position = 0;
        var restored = new GaussianEmitter(archive, [0.5], 540, new RandomSource(0));
        restored.ReadState(new BinaryReader(stream));
        Assert.Equal(expected, restored.Ask().Data.ToArray());
        // Every child stays near an elite: noise of sigma 0.5 over 100 dimensions.
        Assert.All(expected, v => Assert.InRange(v, -4, 4));
    }

    [Fact]
    public void Gaussian_children_are_elites_plus_noise_of_the_given_sigma()
    {
        var archive = Archive(2);
        archive.Add(Batches.Of([[0.25, -0.25]], [1], [[0.25, -0.25]]));
        var emitter = new GaussianEmitter(archive, [0.5, 0.01], 20_000, new RandomSource(2));

        var children = emitter.Ask();
        var dx = Enumerable.Range(0, children.Count).Select(i => children.Row(i)[0] - 0.25).ToArray();
        var dy = Enumerable.Range(0, children.Count).Select(i => children.Row(i)[1] + 0.25).ToArray();
        Assert.InRange(Std(dx), 0.49, 0.51);
        Assert.InRange(Std(dy), 0.0098, 0.0102);
        Assert.InRange(dx.Average(), -0.01, 0.01);
    }

    [Fact]
    public void Initial_solutions_are_proposed_while_the_archive_is_empty()
    {
        var archive = Archive(2);
        double[] initial = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
        var emitter = new GaussianEmitter(archive, [0.1], 10, new RandomSource(1), initialSolutions: initial);

        var first = emitter.Ask();
        Assert.Equal(3, first.Count);
        Assert.Equal(initial, first.Data.ToArray());

        archive.Add(Batches.Of([[0.1, 0.2]], [1], [[0.1, 0.2]]));
        Assert.Equal(10, emitter.Ask().Count);
    }

    [Fact]
    public void Without_initial_solutions_the_first_batch_perturbs_x0()
    {
        var archive = Archive(2);
        var emitter = new GaussianEmitter(archive, [0.001], 100, new RandomSource(1), x0: [5, -5]);
        var batch = emitter.Ask();
        for (int i = 0; i < batch.Count; i++)
        {
            Assert.InRange(batch.Row(i)[0], 4.99, 5.01);
            Assert.InRange(batch.Row(i)[1], -5.01, -4.99);
        }
    }

    [Fact]
    public void Bounds_clip_every_candidate()
    {
        var archive = Archive(2);
        Fill(archive);
        var emitter = new GaussianEmitter(archive, [10.0], 500, new RandomSource(3), bounds: SolutionBounds.Uniform(2, -0.5, 0.5));
        Assert.All(emitter.Ask().Data.ToArray(), v => Assert.InRange(v, -0.5, 0.5));
    }

    [Fact]
    public void Iso_line_without_iso_noise_stays_on_lines_between_elites()
    {
        var archive = Archive(2);
        // Two elites on the line y = 2x; every child with iso_sigma = 0 must stay on it.
        archive.Add(Batches.Of([[0.1, 0.2], [-0.3, -0.6]], [1, 1], [[0.1, 0.2], [-0.3, -0.6]]));
        var emitter = new IsoLineEmitter(archive, 0.0, 0.5, 200, new RandomSource(8));
        var batch = emitter.Ask();
        for (int i = 0; i < batch.Count; i++) Assert.Equal(2 * batch.Row(i)[0], batch.Row(i)[1], 10);
    }

    [Fact]
    public void Iso_line_emitter_is_deterministic_and_resumes_from_saved_state()
    {
        var archive = Archive();
        Fill(archive);
        var emitter = new IsoLineEmitter(archive, 0.01, 0.2, 30, new RandomSource(4));
        emitter.Ask();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) emitter.WriteState(writer);
        var expected = emitter.Ask().Data.ToArray();

        stream.Position = 0;
        var restored = new IsoLineEmitter(archive, 0.01, 0.2, 30, new RandomSource(999));
        restored.ReadState(new BinaryReader(stream));
        Assert.Equal(expected, restored.Ask().Data.ToArray());
    }

    [Fact]
    public void Bad_parameters_are_rejected_with_their_names()
    {
        var archive = Archive(2);
        Assert.Equal("sigma", Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianEmitter(archive, [-1.0], 10, new RandomSource(1))).ParamName);
        Assert.Equal("sigma", Assert.Throws<ArgumentException>(() => new GaussianEmitter(archive, [1.0, 1.0, 1.0], 10, new RandomSource(1))).ParamName);
        Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianEmitter(archive, [1.0], 0, new RandomSource(1))).ParamName);
        Assert.Equal("x0", Assert.Throws<ArgumentException>(() => new GaussianEmitter(archive, [1.0], 5, new RandomSource(1), x0: [1.0])).ParamName);
        Assert.Equal("initialSolutions", Assert.Throws<ArgumentException>(() => new GaussianEmitter(archive, [1.0], 5, new RandomSource(1), initialSolutions: [1, 2, 3])).ParamName);
        Assert.Equal("lineSigma", Assert.Throws<ArgumentOutOfRangeException>(() => new IsoLineEmitter(archive, 0.1, double.NaN, 5, new RandomSource(1))).ParamName);
    }

    private static double Std(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
    }
}
