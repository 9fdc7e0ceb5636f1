using QualityDiversity.Archives;
using QualityDiversity.Solutions;

namespace QualityDiversity.Schedulers;

/// <summary>
/// Keeps failed candidates out of an archive: builds the batch of the candidates that did not
/// fail (in their original order, so the archive's tie rules see the same sequence), and maps the
/// archive's per-candidate outcome back onto the whole batch.
/// </summary>
internal static class FailedCandidates
{
    /// <summary>
    /// Checks the shapes of a told batch against its full candidate count, so that a wrong length is
    /// reported for the batch the caller gave rather than for the compacted one.
    /// </summary>
    /// <exception cref="ArchiveInputException">A row count differs.</exception>
    public static void CheckShape(int count, int measureDim, int featureDim, int objectives, int measures, int features)
    {
        if (objectives != count)
            throw new ArchiveInputException($"Got {objectives} objectives for {count} solutions.", "objectives");
        if (measures != count * measureDim)
            throw new ArchiveInputException($"Got {measures} measure values for {count} solutions; expected {measureDim} per solution ({count * measureDim}).", "measures");
        if (featureDim > 0 && features != 0 && features != count * featureDim)
            throw new ArchiveInputException($"Got {features} feature values for {count} solutions; expected {featureDim} per solution ({count * featureDim}).", "features");
    }

    /// <summary>
    /// The candidates of <paramref name="batch"/> whose <paramref name="failed"/> entry is false,
    /// with <paramref name="kept"/> receiving each kept candidate's index in the full batch.
    /// </summary>
    public static CandidateBatch<T> Compact<T>(in CandidateBatch<T> batch, ReadOnlySpan<bool> failed, int measureDim, int featureDim, out int[] kept)
    {
        int n = batch.Count, width = batch.Solutions.Width;
        int count = 0;
        foreach (bool f in failed) count += f ? 0 : 1;
        kept = new int[count];
        bool hasFeatures = featureDim > 0 && !batch.Features.IsEmpty;
        var solutions = new T[count * width];
        var objectives = new double[count];
        var measures = new double[count * measureDim];
        var features = hasFeatures ? new double[count * featureDim] : [];
        var sourceObjectives = batch.Objectives.Span;
        var sourceMeasures = batch.Measures.Span;
        var sourceFeatures = batch.Features.Span;
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            if (failed[i]) continue;
            kept[k] = i;
            batch.Solutions.Row(i).CopyTo(solutions.AsSpan(k * width, width));
            objectives[k] = sourceObjectives[i];
            sourceMeasures.Slice(i * measureDim, measureDim).CopyTo(measures.AsSpan(k * measureDim, measureDim));
            if (hasFeatures) sourceFeatures.Slice(i * featureDim, featureDim).CopyTo(features.AsSpan(k * featureDim, featureDim));
            k++;
        }
        return new CandidateBatch<T>(new SolutionBatch<T>(solutions, width), objectives, measures, hasFeatures ? features : default);
    }

    /// <summary>Runs <paramref name="archive"/>'s checks on <paramref name="compact"/>, naming a rejected candidate by its place in the full batch.</summary>
    public static void Check<T>(ArchiveBase<T> archive, in CandidateBatch<T> compact, int[] kept)
    {
        try
        {
            archive.CheckBatch(compact);
        }
        catch (ArchiveInputException error) when (error.CandidateIndex >= 0)
        {
            throw error.ForCandidate(kept[error.CandidateIndex]);
        }
    }

    /// <summary>
    /// Adds the candidates that did not fail to <paramref name="archive"/> and writes the outcome of
    /// the whole batch: a failed candidate gets <see cref="AddStatus.NotAdded"/> and value NaN.
    /// </summary>
    /// <exception cref="ArchiveInputException">A kept candidate is malformed (its index in the full batch is named); nothing was changed.</exception>
    public static void Add<T>(IArchive<T> archive, in CandidateBatch<T> compact, int[] kept, Span<AddStatus> status, Span<double> value)
    {
        var compactStatus = new AddStatus[kept.Length];
        var compactValue = new double[kept.Length];
        try
        {
            archive.Add(compact, compactStatus, compactValue);
        }
        catch (ArchiveInputException error) when (error.CandidateIndex >= 0)
        {
            throw error.ForCandidate(kept[error.CandidateIndex]);
        }
        status.Fill(AddStatus.NotAdded);
        value.Fill(double.NaN);
        for (int k = 0; k < kept.Length; k++)
        {
            status[kept[k]] = compactStatus[k];
            value[kept[k]] = compactValue[k];
        }
    }

    /// <summary>
    /// A copy of <paramref name="values"/> (rows of <paramref name="width"/>) with every failed row set
    /// to NaN, as emitters are shown failed candidates.
    /// </summary>
    public static double[] MaskRows(ReadOnlySpan<double> values, ReadOnlySpan<bool> failed, int width)
    {
        var copy = values.ToArray();
        if (width == 0 || copy.Length == 0) return copy;
        for (int i = 0; i < failed.Length; i++)
            if (failed[i]) copy.AsSpan(i * width, width).Fill(double.NaN);
        return copy;
    }
}
