using QualityDiversity.Solutions;

namespace QualityDiversity.Archives.Rebuild;

/// <summary>
/// The one operation by which a run moves to a new measure space (a retrained QDHF projection,
/// a refitted AURORA encoder): compute every candidate's measures from its stored features with
/// the new map, derive the new archive's bounds from them, build the archive, and re-insert
/// every candidate with its original solution, objective and features.
/// </summary>
public static class MeasureSpaceRebuilder
{
    /// <summary>Moves every elite of <paramref name="source"/> into a new archive for <paramref name="map"/>.</summary>
    /// <exception cref="ArgumentException">The source keeps no features, is empty, or the map writes non-finite measures.</exception>
    public static MeasureSpaceRebuild<T> Rebuild<T>(IArchive<T> source, int measureDim, FeatureMeasureMap map, ArchiveFactory<T> createArchive, MeasureBoundsRule? boundsRule = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.FeatureDim == 0)
            throw new ArgumentException("The source archive keeps no features, so its elites cannot be measured in a new space.", nameof(source));
        return Rebuild(EliteBatch(source), source.FeatureDim, measureDim, map, createArchive, boundsRule);
    }

    /// <summary>
    /// Moves the candidates of <paramref name="candidates"/> (their measures are ignored; their
    /// features, <paramref name="featureDim"/> per row, are required) into a new archive.
    /// </summary>
    /// <exception cref="ArgumentException">The batch is empty, lacks features, or the map writes non-finite measures.</exception>
    public static MeasureSpaceRebuild<T> Rebuild<T>(in CandidateBatch<T> candidates, int featureDim, int measureDim, FeatureMeasureMap map, ArchiveFactory<T> createArchive, MeasureBoundsRule? boundsRule = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(createArchive);
        int count = candidates.Count;
        if (count == 0) throw new ArgumentException("There are no candidates to move into the new measure space.", nameof(candidates));
        if (featureDim <= 0 || candidates.Features.Length != count * featureDim)
            throw new ArgumentException($"Every candidate needs {featureDim} features; the batch holds {candidates.Features.Length} feature values for {count} candidates.", nameof(candidates));

        var measures = new double[count * measureDim];
        map(candidates.Features.Span, measures);
        var bounds = (boundsRule ?? MeasureBoundsRule.MinMax).BoundsOf(measures, measureDim);
        var archive = createArchive(bounds);
        if (archive.MeasureDim != measureDim)
            throw new ArgumentException($"The archive factory built an archive of {archive.MeasureDim} measures; the new space has {measureDim}.", nameof(createArchive));
        var outcome = archive.Add(new CandidateBatch<T>(candidates.Solutions, candidates.Objectives, measures, candidates.Features));
        return new MeasureSpaceRebuild<T>(archive, bounds, measures, outcome);
    }

    /// <summary>Copies every elite of <paramref name="archive"/> (solution, objective, measures, features) into one batch.</summary>
    public static CandidateBatch<T> EliteBatch<T>(IArchive<T> archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        // Insertion order, not slot order: the new archive breaks ties in favour of the earlier candidate.
        var data = ArchiveData<T>.Copy(archive.Store, archive.Store.OccupiedSlots);
        return new CandidateBatch<T>(new SolutionBatch<T>(data.Solutions, data.SolutionWidth), data.Objective, data.Measures, data.Features);
    }
}
