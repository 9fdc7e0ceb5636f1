using QualityDiversity.Persistence;

namespace QualityDiversity.Experiments.Runs;

/// <summary>
/// Picks the checkpoint a run resumes from, verifying it before anything in the directory
/// changes: the newest if it is intact, else the previous one with a note saying why.
/// </summary>
internal sealed class CheckpointChoice
{
    /// <summary>Suffix given to a damaged newest checkpoint once the run resumes from the previous one.</summary>
    public const string DamagedSuffix = ".damaged";

    private CheckpointChoice(string? path, string? damaged, string? note)
    {
        Path = path;
        Damaged = damaged;
        Note = note;
    }

    /// <summary>The verified checkpoint to restore; null when the run never wrote one.</summary>
    public string? Path { get; }

    /// <summary>A damaged newest checkpoint to set aside once the run is restored, or null.</summary>
    public string? Damaged { get; }

    /// <summary>What the user should know about the choice, or null.</summary>
    public string? Note { get; }

    /// <summary>Chooses the checkpoint of <paramref name="directory"/>.</summary>
    /// <exception cref="ExperimentException">The newest checkpoint is damaged and there is no intact previous one.</exception>
    public static CheckpointChoice For(RunDirectory directory)
    {
        string newest = directory.CheckpointPath;
        string previous = CheckpointFile.PreviousPath(newest);
        string name = System.IO.Path.GetFileName(newest), previousName = System.IO.Path.GetFileName(previous);
        bool hasNewest = File.Exists(newest), hasPrevious = File.Exists(previous);
        if (!hasNewest && !hasPrevious) return new CheckpointChoice(null, null, null);

        string? problem = hasNewest ? CheckpointFile.Check(newest) : $"{name} is missing (a checkpoint write was cut off)";
        if (problem is null) return new CheckpointChoice(newest, null, null);
        string? previousProblem = hasPrevious ? CheckpointFile.Check(previous) : $"there is no {previousName}";
        if (previousProblem is null)
        {
            string aside = hasNewest ? $"; the damaged file is kept as {name}{DamagedSuffix}" : "";
            return new CheckpointChoice(previous, hasNewest ? newest : null,
                $"{problem.TrimEnd('.')}. Resuming from the previous checkpoint, {previousName}{aside}: the steps after it run again.");
        }
        throw new ExperimentException(
            $"Cannot resume '{directory.Path}': {problem.TrimEnd('.')}, and {(hasPrevious ? previousProblem.TrimEnd('.') : $"there is no intact {previousName}")}. " +
            "Nothing in the directory was changed; start the run again in a new directory.",
            ExperimentErrorKind.Failure);
    }

    /// <summary>The intact checkpoint to read (for figures), without changing anything; null when there is none.</summary>
    public static string? Readable(RunDirectory directory)
    {
        string newest = directory.CheckpointPath, previous = CheckpointFile.PreviousPath(newest);
        if (File.Exists(newest) && CheckpointFile.Check(newest) is null) return newest;
        if (File.Exists(previous) && CheckpointFile.Check(previous) is null) return previous;
        return null;
    }

    /// <summary>Moves a damaged newest checkpoint aside, after the run was restored from the previous one.</summary>
    public void SetAsideDamaged()
    {
        if (Damaged is not null && File.Exists(Damaged)) File.Move(Damaged, Damaged + DamagedSuffix, overwrite: true);
    }
}
