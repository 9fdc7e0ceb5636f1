using QualityDiversity.Archives;
using QualityDiversity.Archives.Rebuild;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Output;
using QualityDiversity.Domains;
using QualityDiversity.Learning.Judges;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Learning.Measures;
using QualityDiversity.Learning.Measures.Torch;
using QualityDiversity.Learning.Search;
using QualityDiversity.Solutions;

namespace QualityDiversity.Experiments.Search;

/// <summary>
/// Builds a learned-measure search (QDHF, AURORA, or the ground truth under the same protocol)
/// from a resolved configuration with a <c>measures</c> section. Building is deterministic, so
/// <c>qd resume</c> can rebuild the search and load its checkpoint.
/// </summary>
internal static class LearnedSearchBuilder
{
    /// <summary>File name of a run's judgments, in its output directory.</summary>
    public const string JudgmentsFile = "judgments.jsonl";

    /// <summary>
    /// Builds the search for <paramref name="directory"/>; the judgments file there is opened for appending.
    /// The search's batches (objective, ground-truth measures, features) are evaluated by the evaluator
    /// <paramref name="evaluator"/> gives for the task (e.g. one on a cluster), else by the task; the judge,
    /// the learned projection and the ground-truth scorer stay in this process.
    /// </summary>
    /// <exception cref="ConfigException">A setting cannot be honoured (for example, a recorded judgments file is missing).</exception>
    public static LearnedSearchSetup Build(SearchConfig config, RunDirectory directory, TextReader? console = null, TextWriter? consoleOut = null,
        Func<IBenchmarkTask, Evaluation.IEvaluator<double>>? evaluator = null)
    {
        var measures = config.Measures ?? throw new ArgumentException("The configuration has no measures section.", nameof(config));
        var task = ConfigResolver.CreateTask(config.Task);
        var grid = (GridArchiveConfig)config.Archive;
        var groundTruthAxes = ArchiveFactory.GridAxes(grid);
        var dims = groundTruthAxes.Select(a => a.Bins).ToArray();
        var emitter = config.Emitters[0];
        var population = config.InitialPopulation!;
        var schedule = measures.ScheduleFor(config.Iterations);

        JudgmentSet? judgments = null;
        ReplayingJudge? judge = null;
        JudgmentMeasureSpace<double>? judgmentSpace = null;
        int priorCount = 0;
        IMeasureSpaceLearner<double> space;
        switch (measures.Type)
        {
            case MeasuresConfig.GroundTruth:
                space = new GroundTruthMeasureSpace<double>(task.MeasureDim);
                break;
            case MeasuresConfig.AuroraPca:
                space = new FeatureMeasureSpace<double>("AURORA-PCA", new PcaLearner(2), 2);
                break;
            case MeasuresConfig.AuroraAe:
                space = new FeatureMeasureSpace<double>("AURORA-AE", new AutoencoderLearner(), 2);
                break;
            default:
                try
                {
                    judgments = JudgmentSet.Open(directory.File(JudgmentsFile));
                }
                catch (JudgmentFormatException e)
                {
                    // The run's own record of answers is damaged: a run-time failure, named, not a configuration error.
                    throw new ExperimentException(
                        $"The run's {JudgmentsFile} cannot be read: {e.Message} Put back the run's own file, or repair that line.",
                        ExperimentErrorKind.Failure);
                }
                // People on the web are recorded answer by answer (the queue appends each as it
                // arrives), so a stopped update keeps its answers; other judges' answers per batch.
                var opened = judgments;
                IJudge inner = measures.Judge.Type == JudgeConfig.Web
                    ? new JudgingQueue("people on the web", opened.Add)
                    : CreateJudge(measures.Judge, task, config.Seed, console, consoleOut);
                judge = new ReplayingJudge(inner, judgments)
                {
                    OnNewAnswers = inner is JudgingQueue ? null : judgments.AddRange,
                };
                var prior = measures.PriorJudgments is { } priorPath ? LoadPrior(priorPath) : [];
                priorCount = prior.Count;
                int perUpdate = Math.Max(1, measures.Judgments / schedule.Count);
                space = judgmentSpace = new JudgmentMeasureSpace<double>("QDHF", judge,
                    new TripletProjectionLearner(measures.ProjectionOptions(2)), 2,
                    [perUpdate], prior);
                break;
        }

        var settings = new LearnedMeasureSearchSettings<double>
        {
            Evaluator = evaluator?.Invoke(task) ?? task,
            MeasureSpace = space,
            Schedule = schedule,
            CreateArchive = bounds => new GridArchive<double>(task.SolutionDim, dims, bounds, new ArchiveOptions<double>
            {
                FeatureDim = task.FeatureDim,
                QdScoreOffset = grid.QdScoreOffset,
            }),
            GroundTruthBounds = groundTruthAxes.Select(a => (a.Lower, a.Upper)).ToArray(),
            BoundsRule = new MeasureBoundsRule { LowerQuantile = measures.LowerQuantile, UpperQuantile = measures.UpperQuantile, Margin = measures.BoundsMargin },
            CreateEmitter = (archive, random) => EmitterFactory.Create(emitter, $"{ConfigKeys.EmittersKey}[0]", archive, (long)random.NextUInt64(), 0),
            SampleSolutions = (count, random) => new SolutionBatch<double>(
                EmitterFactory.DrawInitial(population with { Count = count }, task.SolutionDim, random), task.SolutionDim),
            ToItem = TaskJudging.Item,
            InitialPopulation = population.Count,
            Iterations = config.Iterations,
            Seed = config.Seed,
        };
        var search = new LearnedMeasureSearch<double>(settings);
        var scorer = new GroundTruthScorer<double>(task,
            () => new GridArchive<double>(task.SolutionDim, groundTruthAxes, new ArchiveOptions<double> { QdScoreOffset = grid.QdScoreOffset }),
            measures.ScoreEvery, config.Iterations);
        search.Observers.Add(scorer);
        return new LearnedSearchSetup(config, task, search, scorer, judge, judgments, judgmentSpace, priorCount);
    }

    private static IJudge CreateJudge(JudgeConfig config, IBenchmarkTask task, long seed, TextReader? console, TextWriter? consoleOut)
    {
        string path = $"{ConfigKeys.MeasuresKey}.{ConfigKeys.JudgeKey}";
        switch (config.Type)
        {
            case JudgeConfig.Recorded:
                if (!File.Exists(config.Path))
                    throw new ConfigException($"{path}.{ConfigKeys.PathKey}", $"the judgments file '{config.Path}' does not exist.");
                try
                {
                    return RecordedJudge.FromFile(config.Path!);
                }
                catch (Exception e) when (e is FormatException or InvalidDataException or System.Text.Json.JsonException)
                {
                    throw new ConfigException($"{path}.{ConfigKeys.PathKey}", $"'{config.Path}' is not a judgments file (JSON lines of judgments): {e.Message}");
                }
            case JudgeConfig.Console:
                return new ConsoleJudge(config.Person!, console ?? Console.In, consoleOut ?? Console.Out);
            default:
                return TaskJudging.SimulatedJudge(task, config.LabelNoise, Randomness.RandomSource.ForStream(seed, 1 << 29));
        }
    }

    private static IReadOnlyList<Judgment> LoadPrior(string path)
    {
        if (!File.Exists(path))
            throw new ConfigException($"{ConfigKeys.MeasuresKey}.{ConfigKeys.PriorJudgments}", $"the judgments file '{path}' does not exist.");
        try
        {
            return JudgmentSet.Load(path);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new ConfigException($"{ConfigKeys.MeasuresKey}.{ConfigKeys.PriorJudgments}", $"'{path}' is not a judgments file (JSON lines of judgments): {e.Message}");
        }
    }
}
