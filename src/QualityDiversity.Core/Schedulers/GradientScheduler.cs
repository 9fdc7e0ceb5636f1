using QualityDiversity.Archives;
using QualityDiversity.Emitters;
using QualityDiversity.Emitters.Gradient;
using QualityDiversity.Evaluation;
using QualityDiversity.Evaluation.Gradients;
using QualityDiversity.Solutions;

namespace QualityDiversity.Schedulers;

/// <summary>
/// The ask/tell loop of differentiable quality diversity (CMA-MEGA, CMA-MAEGA, OMG-MEGA,
/// OG-MAP-Elites) over one or more emitters, as pyribs' <c>Scheduler</c> runs them. Each step has
/// two phases, in this order:
/// <list type="number">
/// <item><see cref="AskDqd"/> concatenates the <see cref="IGradientEmitter{T}.AskDqd"/> points
/// of the gradient emitters; <see cref="TellDqd"/> adds them, evaluated, to the archive (and the
/// result archive) and hands each gradient emitter its points' outcome and Jacobians.</item>
/// <item><see cref="Ask"/> and <see cref="Tell(EvaluationResults)"/> are those of
/// <see cref="Scheduler{T}"/> over every emitter.</item>
/// </list>
/// Emitters without gradients take part in the second phase only.
/// </summary>
/// <remarks>
/// The order is enforced: calling a method out of turn throws <see cref="InvalidOperationException"/>.
/// Checkpoints are taken between steps only; the Jacobians of a step are then no longer needed,
/// so a restored search continues bit-identically from its next <see cref="AskDqd"/>.
/// </remarks>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public sealed class GradientScheduler<T> : IGradientScheduler<T>
{
    private enum Phase { Ready, DqdAsked, DqdTold, Asked }

    private readonly IEmitter<T>[] _emitters;
    private readonly GradientPhaseEmitter<T>[] _gradientEmitters;
    private readonly EmitterBatches<T> _batches;
    private readonly EmitterBatches<T> _gradientBatches;
    private Phase _phase;

    /// <summary>Creates a scheduler.</summary>
    /// <param name="archive">The archive the emitters search in.</param>
    /// <param name="emitters">At least one emitter, all over <paramref name="archive"/>; at least one of them a gradient emitter.</param>
    /// <param name="resultArchive">Optional archive that receives every evaluated candidate and is reported instead (CMA-MAEGA).</param>
    public GradientScheduler(IArchive<T> archive, IReadOnlyList<IEmitter<T>> emitters, IArchive<T>? resultArchive = null)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(emitters);
        if (emitters.Count == 0) throw new ArgumentException("A scheduler needs at least one emitter.", nameof(emitters));
        for (int i = 0; i < emitters.Count; i++) SchedulerArchives.CheckEmitter(emitters[i], i, archive, resultArchive, nameof(emitters));
        if (!emitters.Any(e => e is IGradientEmitter<T>))
            throw new ArgumentException("A gradient scheduler needs at least one gradient emitter; use Scheduler for emitters without gradients.", nameof(emitters));
        SchedulerArchives.CheckResultArchive(archive, resultArchive);
        Archive = archive;
        ResultArchive = resultArchive;
        _emitters = emitters.ToArray();
        _batches = new EmitterBatches<T>(archive.SolutionWidth);
        _gradientBatches = new EmitterBatches<T>(archive.SolutionWidth);
        var gradient = new List<GradientPhaseEmitter<T>>();
        for (int e = 0; e < _emitters.Length; e++)
        {
            _batches.Include(_emitters[e], e);
            if (_emitters[e] is IGradientEmitter<T> g)
            {
                var phase = new GradientPhaseEmitter<T>(g);
                _gradientBatches.Include(phase, e);
                gradient.Add(phase);
            }
        }
        _gradientEmitters = gradient.ToArray();
    }

    /// <inheritdoc />
    public IArchive<T> Archive { get; }

    /// <inheritdoc />
    public IArchive<T>? ResultArchive { get; }

    /// <inheritdoc />
    public IArchive<T> ReportedArchive => ResultArchive ?? Archive;

    /// <summary>The emitters.</summary>
    public IReadOnlyList<IEmitter<T>> Emitters => _emitters;

    /// <summary>
    /// Whether the emitters are asked and told concurrently in both phases (default false). Only
    /// for emitters that, like the built-in ones, own their random generator and only read the
    /// archive: the results are then identical to sequential calls.
    /// </summary>
    public bool ParallelEmitters
    {
        get => _batches.Parallel;
        init
        {
            _batches.Parallel = value;
            _gradientBatches.Parallel = value;
        }
    }

    /// <inheritdoc />
    public ReadOnlySpan<AddStatus> LastStatus => _batches.LastStatus;

    /// <summary>Improvement values of the last told batch of the ordinary phase.</summary>
    public ReadOnlySpan<double> LastValues => _batches.LastValues;

    /// <inheritdoc />
    public ReadOnlySpan<AddStatus> LastDqdStatus => _gradientBatches.LastStatus;

    /// <inheritdoc />
    public SolutionBatch<T> AskDqd()
    {
        Expect(Phase.Ready, nameof(AskDqd));
        var batch = _gradientBatches.Ask();
        _phase = Phase.DqdAsked;
        return batch;
    }

    /// <inheritdoc />
    public void TellDqd(EvaluationResults results, GradientResults gradients)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(gradients);
        Expect(Phase.DqdAsked, nameof(TellDqd));
        int n = _gradientBatches.CandidateCount;
        if (gradients.Count != n || gradients.MeasureDim != Archive.MeasureDim || gradients.SolutionDim != Archive.SolutionWidth)
            throw new ArgumentException(
                $"The gradients hold {gradients.Count} Jacobians of {gradients.MeasureDim} measures x dimension {gradients.SolutionDim}; " +
                $"the batch has {n} points with {Archive.MeasureDim} measures of dimension {Archive.SolutionWidth}.", nameof(gradients));
        var batch = _gradientBatches.AddToArchives(Archive, ResultArchive, results.Objectives, results.Measures, results.Features);
        _phase = Phase.DqdTold;
        int length = gradients.JacobianLength;
        for (int k = 0; k < _gradientEmitters.Length; k++)
            _gradientEmitters[k].Jacobians = gradients.Values.AsMemory(_gradientBatches.Offset(k) * length, _gradientBatches.Count(k) * length);
        try
        {
            _gradientBatches.TellEmitters(batch, Archive.MeasureDim);
        }
        finally
        {
            foreach (var e in _gradientEmitters) e.Jacobians = default;
        }
    }

    /// <summary>Asks every emitter for candidates (after the gradient phase of this step) and returns them as one batch.</summary>
    /// <exception cref="InvalidOperationException">The gradient phase of this step has not been told.</exception>
    public SolutionBatch<T> Ask()
    {
        Expect(Phase.DqdTold, nameof(Ask));
        var batch = _batches.Ask();
        _phase = Phase.Asked;
        return batch;
    }

    /// <inheritdoc />
    public void Tell(EvaluationResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        Tell(results.Objectives, results.Measures, results.Features, results.FailedMask());
    }

    /// <inheritdoc />
    public bool IsAskPending => _phase != Phase.Ready;

    /// <summary>
    /// Drops the step under way, in whichever phase it is: the next call is <see cref="AskDqd"/>.
    /// A gradient phase already told stays told (its points are in the archive).
    /// </summary>
    public void Abandon() => _phase = Phase.Ready;

    /// <summary>
    /// Tells objectives, row-major measures and (optionally) features of the last asked batch;
    /// candidates marked in <paramref name="failed"/> (one entry per candidate, or empty) are kept
    /// out of the archives.
    /// </summary>
    /// <exception cref="InvalidOperationException">No batch is outstanding.</exception>
    /// <exception cref="ArchiveInputException">The results are malformed; nothing was changed and the batch stays outstanding.</exception>
    public void Tell(ReadOnlyMemory<double> objectives, ReadOnlyMemory<double> measures, ReadOnlyMemory<double> features = default, ReadOnlyMemory<bool> failed = default)
    {
        Expect(Phase.Asked, nameof(Tell));
        var batch = _batches.AddToArchives(Archive, ResultArchive, objectives, measures, features, failed);
        _phase = Phase.Ready;
        _batches.TellEmitters(batch, Archive.MeasureDim);
    }

    /// <summary>
    /// Adds an evaluated initial population straight to the archive (and the result archive),
    /// outside the ask/tell cycle. Emitters are not told.
    /// </summary>
    /// <exception cref="InvalidOperationException">A step is under way.</exception>
    /// <exception cref="ArchiveInputException">The batch is malformed; nothing was changed.</exception>
    public AddResult AddInitialPopulation(in CandidateBatch<T> batch)
    {
        Expect(Phase.Ready, nameof(AddInitialPopulation));
        return SchedulerArchives.AddInitialPopulation(Archive, ResultArchive, batch);
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        if (_phase != Phase.Ready) throw new InvalidOperationException("Cannot checkpoint in the middle of a step; finish it with Tell first.");
        SchedulerArchives.Write(writer, Archive, ResultArchive);
        writer.Write(_emitters.Length);
        foreach (var emitter in _emitters) emitter.WriteState(writer);
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        SchedulerArchives.Read(reader, Archive, ResultArchive);
        int emitters = reader.ReadInt32();
        if (emitters != _emitters.Length)
            throw new InvalidDataException($"Checkpoint has {emitters} emitters but this scheduler has {_emitters.Length}.");
        foreach (var emitter in _emitters) emitter.ReadState(reader);
        _phase = Phase.Ready;
    }

    private void Expect(Phase phase, string call)
    {
        if (_phase == phase) return;
        string next = _phase switch
        {
            Phase.Ready => "AskDqd",
            Phase.DqdAsked => "TellDqd",
            Phase.DqdTold => "Ask",
            _ => "Tell",
        };
        throw new InvalidOperationException($"{call} was called out of turn; a gradient step runs AskDqd, TellDqd, Ask, Tell, and {next} comes next.");
    }
}
