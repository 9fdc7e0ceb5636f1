using System.Diagnostics;
using System.Globalization;
using System.Text;
using QualityDiversity.Archives;
using QualityDiversity.Domains;

namespace QualityDiversity.Benchmarks.CostCurves;

/// <summary>
/// The cost curves: time per iteration against solution dimension, batch size, grid cells and
/// CVT centroids (with the centroids' construction time), and memory per elite against the
/// solution dimension. Writes cost-curves.csv, cost-curves.md and cost-curves.png into the
/// output folder. <c>--quick</c> measures a shorter sweep with smaller budgets (for a check
/// that the suite runs, not for figures).
/// </summary>
internal static class CostCurveSuite
{
    public static int Run(string[] args)
    {
        string output = "cost-curves";
        bool quick = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Length: output = args[++i]; break;
                case "--quick": quick = true; break;
                default:
                    Console.Error.WriteLine($"error: unknown argument '{args[i]}'. Usage: cost-curves [--out DIR] [--quick]");
                    return 2;
            }
        }
        Directory.CreateDirectory(output);
        var budget = TimeSpan.FromSeconds(quick ? 0.3 : 3);
        int warmup = quick ? 5 : 30;
        var points = new List<CostPoint>();
        void Report(CostPoint p)
        {
            points.Add(p);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{p.Axis,-14} {p.Series,-12} {p.X,10:N0}  {p.MillisecondsPerIteration,10:0.000} ms/itr  setup {p.SetupSeconds,8:0.000} s  {p.BytesPerElite,8:0} B/elite"));
        }

        int[] dimensions = quick ? [10, 100] : [10, 30, 100, 300, 1000];
        foreach (int d in dimensions)
        {
            var task = BenchmarkTasks.Create("lp-sphere", d);
            var ranges = task.MeasureRanges.ToArray();
            Report(new CostPoint("dimension", "map-elites", d,
                IterationTimer.MedianMilliseconds(SearchSetups.MapElites(new GridArchive<double>(d, [100, 100], ranges), 540), task, warmup, budget, 3), 0, double.NaN));
            Report(new CostPoint("dimension", "cma-mae", d,
                IterationTimer.MedianMilliseconds(SearchSetups.CmaMae(o => new GridArchive<double>(d, [100, 100], ranges, o), d), task, warmup, budget, 3), 0, double.NaN));
        }

        var task100 = BenchmarkTasks.Create("lp-sphere", 100);
        var ranges100 = task100.MeasureRanges.ToArray();
        int[] batches = quick ? [36, 540] : [36, 100, 540, 1000, 3000, 10000];
        foreach (int b in batches)
        {
            Report(new CostPoint("batch", "map-elites", b,
                IterationTimer.MedianMilliseconds(SearchSetups.MapElites(new GridArchive<double>(100, [100, 100], ranges100), b), task100, warmup, budget, 3), 0, double.NaN));
        }

        int[] sides = quick ? [10, 100] : [10, 100, 316, 1000];
        foreach (int side in sides)
        {
            Report(new CostPoint("grid cells", "map-elites", side * side,
                IterationTimer.MedianMilliseconds(SearchSetups.MapElites(new GridArchive<double>(100, [side, side], ranges100), 540), task100, warmup, budget, 3), 0, double.NaN));
        }

        int[] centroids = quick ? [100, 1000] : [100, 1000, 10_000, 100_000];
        foreach (int k in centroids)
        {
            var clock = Stopwatch.StartNew();
            var centres = CvtCentroids.Generate(k, ranges100, samples: Math.Max(CvtCentroids.DefaultSamples, k), seed: 0);
            double setup = clock.Elapsed.TotalSeconds;
            Report(new CostPoint("cvt centroids", "map-elites", k,
                IterationTimer.MedianMilliseconds(SearchSetups.MapElites(new CvtArchive<double>(100, centres, 2), 540), task100, warmup, budget, 3), setup, double.NaN));
        }

        int[] memoryDimensions = quick ? [10, 100] : [10, 100, 1000];
        foreach (int d in memoryDimensions)
            Report(new CostPoint("memory", "grid 100x100", d, double.NaN, 0, ElitesMemory.BytesPerElite(d, 100)));
        // The same 10,000 elites spread over a million cells: what an empty cell costs.
        foreach (int d in memoryDimensions)
            Report(new CostPoint("memory", "grid 1000x1000, 1% filled", d, double.NaN, 0, ElitesMemory.BytesPerElite(d, 1000, stride: 100)));

        CostCurveFiles.Write(output, points);
        Console.WriteLine($"Wrote {Path.Combine(output, "cost-curves.csv")}, cost-curves.md and cost-curves.png.");
        return 0;
    }
}
