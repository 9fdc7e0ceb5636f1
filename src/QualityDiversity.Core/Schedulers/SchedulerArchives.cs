using QualityDiversity.Archives;
using QualityDiversity.Emitters;

namespace QualityDiversity.Schedulers;

/// <summary>What every scheduler does with its archive and optional result archive outside the ask/tell step.</summary>
internal static class SchedulerArchives
{
    /// <summary>
    /// Checks emitter <paramref name="index"/> of a scheduler: present, and drawing from the
    /// archive — or from the result archive, when the archive keeps no elites to draw from (DDS).
    /// </summary>
    /// <exception cref="ArgumentException">It is null or draws from another archive.</exception>
    public static IEmitter<T> CheckEmitter<T>(IEmitter<T>? emitter, int index, IArchive<T> archive, IArchive<T>? resultArchive, string parameter)
    {
        if (emitter is null) throw new ArgumentNullException(parameter, $"Emitter {index} is null.");
        if (!ReferenceEquals(emitter.Archive, archive) && (resultArchive is null || !ReferenceEquals(emitter.Archive, resultArchive)))
            throw new ArgumentException($"Emitter {index} draws from a different archive than the scheduler's archive or result archive.", parameter);
        return emitter;
    }

    /// <summary>Checks that an optional result archive is a separate archive of the same solution width and measure dimension.</summary>
    /// <exception cref="ArgumentException">It is the archive itself or does not match it.</exception>
    public static void CheckResultArchive<T>(IArchive<T> archive, IArchive<T>? resultArchive)
    {
        if (ReferenceEquals(archive, resultArchive))
            throw new ArgumentException("The result archive is the archive itself; pass null to report the archive.", nameof(resultArchive));
        if (resultArchive is not null && (resultArchive.MeasureDim != archive.MeasureDim || resultArchive.SolutionWidth != archive.SolutionWidth))
            throw new ArgumentException("The result archive's solution width and measure dimension must match the archive's.", nameof(resultArchive));
    }

    /// <summary>Adds an initial population to the archive, then to the result archive; returns the archive's outcome.</summary>
    public static AddResult AddInitialPopulation<T>(IArchive<T> archive, IArchive<T>? resultArchive, in CandidateBatch<T> batch)
    {
        // Checked against the result archive first, so that its rejection changes neither archive.
        (resultArchive as ArchiveBase<T>)?.CheckBatch(batch);
        var result = archive.Add(batch);
        resultArchive?.Add(batch);
        return result;
    }

    /// <summary>Writes both archives' states.</summary>
    public static void Write<T>(BinaryWriter writer, IArchive<T> archive, IArchive<T>? resultArchive)
    {
        archive.WriteState(writer);
        writer.Write(resultArchive is not null);
        resultArchive?.WriteState(writer);
    }

    /// <summary>Restores both archives' states written by <see cref="Write{T}"/>.</summary>
    /// <exception cref="InvalidDataException">The checkpoint and the scheduler disagree on having a result archive.</exception>
    public static void Read<T>(BinaryReader reader, IArchive<T> archive, IArchive<T>? resultArchive)
    {
        archive.ReadState(reader);
        bool hasResult = reader.ReadBoolean();
        if (hasResult != (resultArchive is not null))
            throw new InvalidDataException(hasResult
                ? "Checkpoint has a result archive but this scheduler has none."
                : "This scheduler has a result archive but the checkpoint has none.");
        resultArchive?.ReadState(reader);
    }
}
