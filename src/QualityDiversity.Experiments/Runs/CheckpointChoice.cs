using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Persistence;

namespace QualityDiversity.Experiments.Runs;

/// <summary>
/// Picks the checkpoint a run resumes from, verifying it before anything in the directory
/// changes: the newest if it is intact, else the previous one with a note saying why. A file in
/// the unframed layout of an earlier release (<see cref="UnframedCheckpoint"/>) counts as intact
/// here; its reader decides whether it fits the run.
/// </summary>
internal sealed class CheckpointChoice
{
    /// <summary>Suffix given to a damaged newest checkpoint once the run resumes from the previous one.</summary>
    public const string DamagedSuffix = ".damaged";

    private CheckpointChoice(string? path, bool unframed, string? damaged, string? note)
    {
        Path = path;
        IsUnframed = unframed;
        Damaged = damaged;
        Note = note;
    }

    /// <summary>The checkpoint to restore; null when the run never wrote one.</summary>
    public string? Path { get; }

    /// <summary>Whether <see cref="Path"/> has the unframed layout of an earlier release (no header, no checksum).</summary>
    public bool IsUnframed { get; }

    /// <summary>A damaged newest checkpoint to set aside once the run is restored, or null.</summary>
    public string? Damaged { get; }

    /// <summary>What the user should know about the choice, or null.</summary>
    public string? Note { get; }

    /// <summary>Chooses the checkpoint of <paramref name="directory"/>, whose run is configured by <paramref name="config"/>.</summary>
    /// <exception cref="ExperimentException">The newest checkpoint is damaged and there is no intact previous one.</exception>
    public static CheckpointChoice For(RunDirectory directory, ExperimentConfig config)
    {
        string newest = directory.CheckpointPath;
        string previous = CheckpointFile.PreviousPath(newest);
        string name = System.IO.Path.GetFileName(newest), previousName = System.IO.Path.GetFileName(previous);
        // A directory in a checkpoint's place would stop the first checkpoint write, after the resume changed files.
        foreach (string path in (ReadOnlySpan<string>)[newest, previous])
        {
            if (Directory.Exists(path))
                throw new ExperimentException(
                    $"Cannot resume '{directory.Path}': {System.IO.Path.GetFileName(path)} is a directory, not a checkpoint, and no checkpoint could be written in its place. " +
                    "Nothing in the directory was changed; move it out of the run directory and resume again.",
                    ExperimentErrorKind.Failure);
        }
        bool hasNewest = File.Exists(newest), hasPrevious = File.Exists(previous);
        if (!hasNewest && !hasPrevious) return new CheckpointChoice(null, false, null, null);

        var (problem, unframed) = hasNewest ? Inspect(newest, config) : ($"{name} is missing (a checkpoint write was cut off)", false);
        if (problem is null) return new CheckpointChoice(newest, unframed, null, null);
        var (previousProblem, previousUnframed) = hasPrevious ? Inspect(previous, config) : ($"there is no {previousName}", false);
        if (previousProblem is null)
        {
            string aside = hasNewest ? $"; the damaged file is kept as {name}{DamagedSuffix}" : "";
            return new CheckpointChoice(previous, previousUnframed, hasNewest ? newest : null,
                $"{problem.TrimEnd('.')}. Resuming from the previous checkpoint, {previousName}{aside}: the steps after it run again.");
        }
        throw new ExperimentException(
            $"Cannot resume '{directory.Path}': {problem.TrimEnd('.')}, and {(hasPrevious ? previousProblem.TrimEnd('.') : $"there is no intact {previousName}")}. " +
            "Nothing in the directory was changed; start the run again in a new directory.",
            ExperimentErrorKind.Failure);
    }

    /// <summary>The checkpoint to read (for figures), without changing anything; null when there is none.</summary>
    public static CheckpointChoice? Readable(RunDirectory directory, ExperimentConfig config)
    {
        string newest = directory.CheckpointPath, previous = CheckpointFile.PreviousPath(newest);
        foreach (string path in (ReadOnlySpan<string>)[newest, previous])
        {
            if (!File.Exists(path)) continue;
            var (problem, unframed) = Inspect(path, config);
            if (problem is null) return new CheckpointChoice(path, unframed, null, null);
        }
        return null;
    }

    /// <summary>Opens the chosen checkpoint for reading; the caller disposes it.</summary>
    /// <exception cref="InvalidOperationException">There is no checkpoint to open.</exception>
    public CheckpointContents Open(ExperimentConfig config)
    {
        string path = Path ?? throw new InvalidOperationException("There is no checkpoint to open.");
        return IsUnframed ? CheckpointFile.OpenUnframed(path, UnframedCheckpoint.SectionOf(config)) : CheckpointFile.Open(path);
    }

    /// <summary>Moves a damaged newest checkpoint aside, after the run was restored from the previous one.</summary>
    public void SetAsideDamaged()
    {
        if (Damaged is not null && File.Exists(Damaged)) File.Move(Damaged, Damaged + DamagedSuffix, overwrite: true);
    }

    // Null when the file is an intact checkpoint in the container, or a file in the earlier
    // unframed layout of this run's kind; otherwise what is wrong with it.
    private static (string? Problem, bool Unframed) Inspect(string path, ExperimentConfig config)
    {
        try
        {
            if (!CheckpointFile.HasHeader(path))
            {
                return UnframedCheckpoint.Recognizes(path, config)
                    ? (null, true)
                    : ($"{System.IO.Path.GetFileName(path)} is damaged or not a checkpoint: it has no checkpoint header, and it does not begin like the checkpoint of a {UnframedCheckpoint.KindOf(config)} that an earlier release wrote", false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (e.Message, false);
        }
        return (CheckpointFile.Check(path), false);
    }
}
