namespace QualityDiversity.Experiments.Configuration;

/// <summary>The snake_case key names of the configuration file.</summary>
internal static class ConfigKeys
{
    public const string Name = "name";
    public const string Seed = "seed";
    public const string Iterations = "iterations";
    public const string CheckpointEvery = "checkpoint_every";
    public const string MetricsEvery = "metrics_every";
    public const string TaskKey = "task";
    public const string Archive = "archive";
    public const string ResultArchive = "result_archive";
    public const string EmittersKey = "emitters";

    public const string Dim = "dim";

    public const string TypeKey = "type";
    public const string LearningRate = "learning_rate";
    public const string ThresholdMin = "threshold_min";
    public const string QdScoreOffset = "qd_score_offset";
    public const string EliteReplacementKey = "elite_replacement";
    public const string Dims = "dims";
    public const string Ranges = "ranges";
    public const string Edges = "edges";
    public const string Cells = "cells";
    public const string Samples = "samples";
    public const string CentroidsSeed = "centroids_seed";
    public const string K = "k";
    public const string NoveltyThreshold = "novelty_threshold";
    public const string LocalCompetition = "local_competition";
    public const string Capacity = "capacity";
    public const string Labels = "labels";
    public const string RemapFrequency = "remap_frequency";
    public const string BufferCapacity = "buffer_capacity";
    public const string Bandwidth = "bandwidth";
    public const string BufferSize = "buffer_size";
    public const string BufferSeed = "buffer_seed";
    public const string Reservoir = "reservoir";

    public const string Sigma = "sigma";
    public const string IsoSigma = "iso_sigma";
    public const string LineSigma = "line_sigma";
    public const string BatchSize = "batch_size";
    public const string Count = "count";
    public const string InitialSolutions = "initial_solutions";

    public const string Es = "es";
    public const string Sigma0 = "sigma0";
    public const string RankerKey = "ranker";
    public const string SelectionRule = "selection_rule";
    public const string RestartRule = "restart_rule";
    public const string Lr = "lr";
    public const string GradOpt = "grad_opt";
    public const string NormalizeGrad = "normalize_grad";
    public const string SigmaG = "sigma_g";
    public const string MeasureGradients = "measure_gradients";
    public const string OperatorType = "operator_type";

    /// <summary>Top-level scheduler section.</summary>
    public const string SchedulerKey = "scheduler";
    public const string NumActive = "num_active";
    public const string Zeta = "zeta";
    public const string Reselect = "reselect";
    public const string ParallelEmitters = "parallel_emitters";

    /// <summary>Top-level initial population evaluated before the first iteration.</summary>
    public const string InitialPopulation = "initial_population";
    public const string X0 = "x0";
    public const string Bounds = "bounds";
    public const string Low = "low";
    public const string High = "high";

    // measures
    public const string MeasuresKey = "measures";
    public const string Schedule = "schedule";
    public const string Judgments = "judgments";
    public const string JudgeKey = "judge";
    public const string Hidden = "hidden";
    public const string PriorJudgments = "prior_judgments";
    public const string Fit = "fit";
    public const string Patience = "patience";
    public const string ScoreEvery = "score_every";
    public const string LabelNoise = "label_noise";
    public const string PathKey = "path";
    public const string Person = "person";
    public const string LowerQuantile = "lower_quantile";
    public const string UpperQuantile = "upper_quantile";
    public const string Margin = "margin";
}
