using QualityDiversity.Archives;
using QualityDiversity.Solutions;

namespace QualityDiversity.Core.Tests.Support;

/// <summary>Builds candidate batches for tests from jagged arrays.</summary>
internal static class Batches
{
    public static CandidateBatch<double> Of(double[][] solutions, double[] objectives, double[][] measures, double[][]? features = null)
    {
        int width = solutions[0].Length;
        return new CandidateBatch<double>(
            new SolutionBatch<double>(solutions.SelectMany(s => s).ToArray(), width),
            objectives,
            measures.SelectMany(m => m).ToArray(),
            features is null ? default : features.SelectMany(f => f).ToArray());
    }

    /// <summary>A batch of 1-D solutions whose solution value is its index, for telling candidates apart.</summary>
    public static CandidateBatch<double> Indexed(double[] objectives, params double[][] measures) =>
        Of(objectives.Select((_, i) => new double[] { i }).ToArray(), objectives, measures);

    public static string Snapshot<T>(IArchive<T> archive) =>
        string.Join(";", archive.Elites().Select(e =>
            $"{e.Slot}:{string.Join(",", e.Solution)}:{e.Objective:R}:{string.Join(",", e.Measures.Select(m => m.ToString("R")))}:{e.Threshold:R}"));
}
