using QualityDiversity.Archives;
using QualityDiversity.Core.Tests.Support;
using QualityDiversity.Emitters;
using QualityDiversity.Randomness;

namespace QualityDiversity.Core.Tests.Emitters;

/// <summary>
/// Pins the exact batches of the seeded Gaussian and iso-line emitters (x0 start, initial
/// solutions, bounds, parents from the archive), so that a change in how they draw random
/// numbers cannot go unnoticed: seeded runs and checkpoints depend on these streams.
/// </summary>
public class SeededEmitterPinTests
{
    private static ulong Fingerprint(IEmitter<double> emitter, GridArchive<double> archive, int asks)
    {
        ulong hash = 1469598103934665603UL;
        for (int a = 0; a < asks; a++)
        {
            var batch = emitter.Ask();
            foreach (double v in batch.Data.Span) hash = (hash ^ (ulong)BitConverter.DoubleToInt64Bits(v)) * 1099511628211UL;
            if (a == 0)
            {
                // Grow the archive from the first batch, so later asks draw parents from it.
                var rows = Enumerable.Range(0, batch.Count).Select(i => batch.Row(i).ToArray()).ToArray();
                archive.Add(Batches.Of(rows, rows.Select(r => -r.Sum(x => x * x)).ToArray(), rows.Select(r => new[] { r[0], r[1] }).ToArray()));
            }
        }
        return hash;
    }

    [Fact]
    public void Gaussian_batches_are_pinned()
    {
        var archive = new GridArchive<double>(5, [8, 8], [(-1, 1), (-1, 1)]);
        var emitter = new GaussianEmitter(archive, [0.2, 0.1, 0.3, 0.2, 0.05], 37, RandomSource.ForStream(42, 3),
            x0: [0.1, -0.1, 0.2, 0, 0.3], bounds: SolutionBounds.Uniform(5, -0.8, 0.8));
        Assert.Equal(8242347030881967952UL, Fingerprint(emitter, archive, 4));
    }

    [Fact]
    public void Gaussian_batches_from_initial_solutions_are_pinned()
    {
        var archive = new GridArchive<double>(3, [8, 8], [(-1, 1), (-1, 1)]);
        var initial = new double[3 * 7];
        new RandomSource(9).FillUniform(initial, -1.5, 1.5);
        var emitter = new GaussianEmitter(archive, [0.25], 64, new RandomSource(77), initialSolutions: initial, bounds: SolutionBounds.Uniform(3, -1, 1));
        Assert.Equal(10899731199151115867UL, Fingerprint(emitter, archive, 3));
    }

    [Fact]
    public void Iso_line_batches_are_pinned()
    {
        var archive = new GridArchive<double>(4, [8, 8], [(-1, 1), (-1, 1)]);
        var emitter = new IsoLineEmitter(archive, 0.05, 0.3, 29, RandomSource.ForStream(7, 1), x0: [0.2, 0.1, 0, -0.2], bounds: SolutionBounds.Uniform(4, -0.9, 0.9));
        Assert.Equal(9567457564926436494UL, Fingerprint(emitter, archive, 4));
    }
}
