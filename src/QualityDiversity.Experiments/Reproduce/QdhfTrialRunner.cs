using QualityDiversity.Experiments.Search;
using System.Diagnostics;
using QualityDiversity.Archives;
using QualityDiversity.Domains;
using QualityDiversity.Emitters;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Learning.Measures;
using QualityDiversity.Learning.Measures.Torch;
using QualityDiversity.Learning.Search;
using QualityDiversity.Randomness;

namespace QualityDiversity.Experiments.Reproduce;

/// <summary>Runs one trial of one method under a <see cref="QdhfTaskProtocol"/>.</summary>
/// <param name="protocol">The task protocol.</param>
/// <param name="labelNoise">Probability that the simulated judge's answer is flipped.</param>
/// <param name="fit">How the judgment-trained projections are fitted.</param>
internal sealed class QdhfTrialRunner(QdhfTaskProtocol protocol, double labelNoise, TripletFitRule fit = TripletFitRule.Protocol)
{
    /// <summary>The protocol.</summary>
    public QdhfTaskProtocol Protocol { get; } = protocol;

    /// <summary>Probability that a simulated answer is flipped.</summary>
    public double LabelNoise { get; } = labelNoise;

    /// <summary>Runs trial <paramref name="trial"/> (also its seed) of <paramref name="method"/>.</summary>
    /// <param name="method">The method.</param>
    /// <param name="trial">Trial index and seed.</param>
    /// <param name="onJudged">Receives each update's new judgments, to persist them.</param>
    /// <param name="cancellationToken">Stops the trial between iterations.</param>
    public async Task<QdhfTrialResult> RunAsync(QdhfMethod method, int trial, Action<IReadOnlyList<Judgment>>? onJudged, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        var task = Protocol.CreateTask();
        var schedule = method.Progressive ? MeasureUpdateSchedule.Progressive(Protocol.Iterations) : MeasureUpdateSchedule.Once;
        var settings = new LearnedMeasureSearchSettings<double>
        {
            Evaluator = task,
            MeasureSpace = MeasureSpace(method, task, schedule, trial, onJudged),
            Schedule = schedule,
            CreateArchive = bounds => new GridArchive<double>(task.SolutionDim, [Protocol.CellsPerAxis, Protocol.CellsPerAxis], bounds,
                new ArchiveOptions<double> { FeatureDim = task.FeatureDim }),
            GroundTruthBounds = task.MeasureRanges,
            CreateEmitter = (archive, random) => new GaussianEmitter(archive, [Protocol.Sigma], Protocol.BatchSize, random),
            SampleSolutions = (count, random) => Protocol.Sample(task, count, random),
            ToItem = TaskJudging.Item,
            InitialPopulation = Protocol.InitialPopulation,
            Iterations = Protocol.Iterations,
            Seed = trial,
        };
        var scorer = new GroundTruthScorer<double>(task,
            () => new GridArchive<double>(task.SolutionDim, [Protocol.CellsPerAxis, Protocol.CellsPerAxis], task.MeasureRanges),
            Protocol.ScoreEvery, Protocol.Iterations);
        var search = new LearnedMeasureSearch<double>(settings);
        search.Observers.Add(scorer);
        await search.RunAsync(cancellationToken).ConfigureAwait(false);
        return new QdhfTrialResult(method, trial, scorer.Scores, scorer.Updates.Select(MeasureUpdate.From).ToArray(),
            Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    private IMeasureSpaceLearner<double> MeasureSpace(QdhfMethod method, IBenchmarkTask task, MeasureUpdateSchedule schedule, int trial,
        Action<IReadOnlyList<Judgment>>? onJudged) => method.Source switch
    {
        MeasureSource.GroundTruth => new GroundTruthMeasureSpace<double>(task.MeasureDim),
        MeasureSource.Pca => new FeatureMeasureSpace<double>(method.Name, new PcaLearner(), 2),
        MeasureSource.Autoencoder => new FeatureMeasureSpace<double>(method.Name, new AutoencoderLearner(), 2),
        MeasureSource.Judgments => new JudgmentMeasureSpace<double>(method.Name, TaskJudging.SimulatedJudge(task, LabelNoise, RandomSource.ForStream(trial, 1000)), new TripletProjectionLearner(new TripletProjectionOptions { Fit = fit }), 2,
            [Protocol.JudgmentBudget / schedule.Count], onJudged: onJudged),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method.Source, "Unknown measure source."),
    };
}
