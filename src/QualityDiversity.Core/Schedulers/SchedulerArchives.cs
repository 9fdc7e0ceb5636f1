using QualityDiversity.Archives;

namespace QualityDiversity.Schedulers;

/// <summary>What every scheduler does with its archive and optional result archive outside the ask/tell step.</summary>
internal static class SchedulerArchives
{
    /// <summary>Adds an initial population to the archive, then to the result archive; returns the archive's outcome.</summary>
    public static AddResult AddInitialPopulation<T>(IArchive<T> archive, IArchive<T>? resultArchive, in CandidateBatch<T> batch)
    {
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
