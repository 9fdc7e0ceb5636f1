using QualityDiversity.Archives;

namespace QualityDiversity.Benchmarks.CostCurves;

/// <summary>
/// Managed memory an archive holds per elite: a grid archive is built and filled with one
/// elite in every <c>stride</c>-th cell (every cell by default), and the heap growth (after full
/// collections) is divided by the elites. The
/// payload of an elite is its solution, measures, objective and threshold (8 bytes each), so
/// the ratio to it shows the bookkeeping on top.
/// </summary>
internal static class ElitesMemory
{
    public static double BytesPerElite(int dimension, int side, int stride = 1)
    {
        long before = Heap();
        var archive = new GridArchive<double>(dimension, [side, side], [(0.0, side), (0.0, side)]);
        int n = side * side / stride;
        const int chunk = 1000;
        var solutions = new double[chunk * dimension];
        var objectives = new double[chunk];
        var measures = new double[chunk * 2];
        for (int start = 0; start < n; start += chunk)
        {
            int count = Math.Min(chunk, n - start);
            for (int i = 0; i < count; i++)
            {
                int cell = (start + i) * stride;
                measures[2 * i] = cell % side + 0.5;
                measures[2 * i + 1] = cell / side + 0.5;
                objectives[i] = 1;
            }
            archive.Add(new CandidateBatch<double>(new Solutions.SolutionBatch<double>(solutions.AsMemory(0, count * dimension), dimension), objectives.AsMemory(0, count), measures.AsMemory(0, count * 2)));
        }
        if (archive.Statistics.Elites != n) throw new InvalidOperationException($"Filled {archive.Statistics.Elites} of {n} cells.");
        long after = Heap();
        GC.KeepAlive(archive);
        return (after - before) / (double)n;
    }

    public static double PayloadBytes(int dimension) => 8.0 * (dimension + 2 + 2);

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
