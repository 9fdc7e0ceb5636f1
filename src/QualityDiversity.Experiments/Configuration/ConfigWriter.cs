using System.Text;
using System.Text.Json;
using static QualityDiversity.Experiments.Configuration.ConfigKeys;

namespace QualityDiversity.Experiments.Configuration;

/// <summary>
/// Writes a configuration as JSON in the schema <see cref="ConfigParser"/> reads, listing every
/// key (defaults included), so that the file documents exactly what ran.
/// </summary>
internal static class ConfigWriter
{
    /// <summary>The configuration as indented JSON text, ending with a newline.</summary>
    public static string ToJson(SearchConfig config)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteRoot(writer, config);
        }
        return JsonLayout.Format(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteRoot(Utf8JsonWriter w, SearchConfig config)
    {
        w.WriteStartObject();
        w.WriteString(Name, config.Name);
        w.WriteNumber(Seed, config.Seed);
        w.WriteNumber(Iterations, config.Iterations);
        w.WriteNumber(CheckpointEvery, config.CheckpointEvery);
        w.WriteNumber(MetricsEvery, config.MetricsEvery);
        w.WriteStartObject(TaskKey);
        w.WriteString(Name, config.Task.Name);
        w.WriteNumber(Dim, config.Task.Dim);
        w.WriteEndObject();
        w.WritePropertyName(Archive);
        WriteArchive(w, config.Archive);
        w.WritePropertyName(ResultArchive);
        if (config.ResultArchive is null) w.WriteNullValue(); else WriteArchive(w, config.ResultArchive);
        w.WritePropertyName(InitialPopulation);
        WriteInitial(w, config.InitialPopulation);
        WriteScheduler(w, config.Scheduler);
        w.WriteStartArray(EmittersKey);
        foreach (var emitter in config.Emitters) WriteEmitter(w, emitter);
        w.WriteEndArray();
        if (config.Measures is { } measures) WriteMeasures(w, measures);
        if (config.Cluster is { } cluster) ClusterEvaluationConfigParser.Write(w, cluster);
        w.WriteEndObject();
    }

    private static void WriteMeasures(Utf8JsonWriter w, MeasuresConfig m)
    {
        w.WriteStartObject(MeasuresKey);
        w.WriteString(TypeKey, m.Type);
        if (m.Schedule is { } schedule) w.WriteString(Schedule, schedule);
        else
        {
            w.WriteStartArray(Schedule);
            foreach (int i in m.Iterations ?? []) w.WriteNumberValue(i);
            w.WriteEndArray();
        }
        w.WriteNumber(Judgments, m.Judgments);
        w.WriteStartObject(JudgeKey);
        w.WriteString(TypeKey, m.Judge.Type);
        if (m.Judge.Type == JudgeConfig.Simulated) w.WriteNumber(LabelNoise, m.Judge.LabelNoise);
        if (m.Judge.Path is { } path) w.WriteString(PathKey, path);
        if (m.Judge.Person is { } person) w.WriteString(Person, person);
        w.WriteEndObject();
        w.WriteStartArray(Hidden);
        foreach (int h in m.Hidden) w.WriteNumberValue(h);
        w.WriteEndArray();
        // Written only off the defaults, so that configurations written before the fit rule existed read back byte-identical.
        if (m.Fit != Learning.Measures.Torch.TripletFitRuleNames.Protocol) w.WriteString(Fit, m.Fit);
        if (m.Patience != 50) w.WriteNumber(Patience, m.Patience);
        if (m.PriorJudgments is { } prior) w.WriteString(PriorJudgments, prior);
        else w.WriteNull(PriorJudgments);
        w.WriteNumber(ScoreEvery, m.ScoreEvery);
        w.WriteStartObject(Bounds);
        w.WriteNumber(LowerQuantile, m.LowerQuantile);
        w.WriteNumber(UpperQuantile, m.UpperQuantile);
        w.WriteNumber(Margin, m.BoundsMargin);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteScheduler(Utf8JsonWriter w, SchedulerConfig scheduler)
    {
        w.WriteStartObject(SchedulerKey);
        w.WriteString(TypeKey, scheduler.Type);
        if (scheduler is BanditSchedulerConfig bandit)
        {
            w.WriteNumber(NumActive, bandit.NumActive);
            w.WriteNumber(Zeta, bandit.Zeta);
            w.WriteString(Reselect, bandit.Reselect);
        }
        w.WriteBoolean(ParallelEmitters, scheduler.ParallelEmitters);
        w.WriteEndObject();
    }

    private static void WriteInitial(Utf8JsonWriter w, InitialSolutionsConfig? initial)
    {
        if (initial is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        w.WriteNumber(Count, initial.Count);
        w.WritePropertyName(Low);
        WriteNumberOrNumbers(w, initial.Low);
        w.WritePropertyName(High);
        WriteNumberOrNumbers(w, initial.High);
        w.WriteEndObject();
    }

    private static void WriteArchive(Utf8JsonWriter w, ArchiveConfig archive)
    {
        w.WriteStartObject();
        w.WriteString(TypeKey, archive.Type);
        switch (archive)
        {
            case GridArchiveConfig grid:
                if (grid.Edges is not null)
                {
                    w.WriteStartArray(Edges);
                    foreach (var axis in grid.Edges) WriteNumbers(w, axis);
                    w.WriteEndArray();
                }
                else
                {
                    w.WriteStartArray(Dims);
                    foreach (int d in grid.Dims!) w.WriteNumberValue(d);
                    w.WriteEndArray();
                    WriteRanges(w, grid.Ranges);
                }
                break;
            case CvtArchiveConfig cvt:
                w.WriteNumber(Cells, cvt.Cells);
                w.WriteNumber(Samples, cvt.Samples);
                w.WritePropertyName(CentroidsSeed);
                if (cvt.CentroidsSeed is { } seed) w.WriteNumberValue(seed); else w.WriteNullValue();
                WriteRanges(w, cvt.Ranges);
                break;
            case ProximityArchiveConfig proximity:
                w.WriteNumber(K, proximity.K);
                w.WriteNumber(NoveltyThreshold, proximity.NoveltyThreshold);
                w.WriteBoolean(LocalCompetition, proximity.LocalCompetition);
                w.WriteNumber(Capacity, proximity.Capacity);
                break;
            case SlidingBoundariesArchiveConfig sliding:
                w.WriteStartArray(Dims);
                foreach (int d in sliding.Dims) w.WriteNumberValue(d);
                w.WriteEndArray();
                WriteRanges(w, sliding.Ranges);
                w.WriteNumber(RemapFrequency, sliding.RemapFrequency);
                w.WriteNumber(BufferCapacity, sliding.BufferCapacity);
                break;
            case DominatedNoveltyArchiveConfig dns:
                w.WriteNumber(Capacity, dns.Capacity);
                w.WriteNumber(K, dns.K);
                break;
            case DensityArchiveConfig density:
                w.WriteNumber(Bandwidth, density.Bandwidth);
                w.WriteNumber(BufferSize, density.BufferSize);
                // Written only when chosen, so that files using the uniform default stay as they were.
                if (density.Reservoir == QualityDiversity.Archives.ReservoirRule.Pyribs)
                    w.WriteString(Reservoir, ArchiveConfigParser.ReservoirPyribs);
                w.WritePropertyName(BufferSeed);
                if (density.BufferSeed is { } bufferSeed) w.WriteNumberValue(bufferSeed); else w.WriteNullValue();
                break;
            case CategoricalArchiveConfig categorical:
                w.WriteStartArray(Labels);
                foreach (var axis in categorical.Labels)
                {
                    w.WriteStartArray();
                    foreach (string label in axis) w.WriteStringValue(label);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
                break;
        }
        w.WriteNumber(LearningRate, archive.LearningRate);
        w.WritePropertyName(ThresholdMin);
        WriteNumberOrNull(w, archive.ThresholdMin);
        w.WriteNumber(QdScoreOffset, archive.QdScoreOffset);
        // Written only when chosen, so that files of archives using the default stay as they were.
        if (archive.EliteReplacement is { } replacement)
            w.WriteString(EliteReplacementKey, replacement == QualityDiversity.Archives.EliteReplacement.ClearsThreshold
                ? ArchiveConfigParser.ReplaceOnThreshold : ArchiveConfigParser.ReplaceOnObjective);
        w.WriteEndObject();
    }

    private static void WriteRanges(Utf8JsonWriter w, ValueRange[]? ranges)
    {
        w.WritePropertyName(Ranges);
        if (ranges is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartArray();
        foreach (var range in ranges) WriteNumbers(w, [range.Low, range.High]);
        w.WriteEndArray();
    }

    private static void WriteEmitter(Utf8JsonWriter w, EmitterConfig emitter)
    {
        w.WriteStartObject();
        w.WriteString(TypeKey, emitter.Type);
        switch (emitter)
        {
            case GaussianEmitterConfig gaussian:
                w.WritePropertyName(Sigma);
                WriteNumberOrNumbers(w, gaussian.Sigma);
                break;
            case IsoLineEmitterConfig isoLine:
                w.WriteNumber(IsoSigma, isoLine.IsoSigma);
                w.WriteNumber(LineSigma, isoLine.LineSigma);
                break;
            case EvolutionStrategyEmitterConfig es:
                w.WriteString(Es, es.Es);
                w.WriteNumber(Sigma0, es.Sigma0);
                w.WriteString(RankerKey, es.Ranker);
                w.WriteString(SelectionRule, es.SelectionRule);
                WriteRestartRule(w, es.RestartRule);
                break;
            case GradientArborescenceEmitterConfig ga:
                w.WriteString(Es, ga.Es);
                w.WriteNumber(Sigma0, ga.Sigma0);
                w.WriteNumber(Lr, ga.Lr);
                w.WriteString(GradOpt, ga.GradOpt);
                w.WriteBoolean(NormalizeGrad, ga.NormalizeGrad);
                w.WriteString(RankerKey, ga.Ranker);
                w.WriteString(SelectionRule, ga.SelectionRule);
                WriteRestartRule(w, ga.RestartRule);
                break;
            case GradientOperatorEmitterConfig op:
                w.WriteNumber(Sigma, op.Sigma);
                w.WriteNumber(SigmaG, op.SigmaG);
                w.WriteNumber(LineSigma, op.LineSigma);
                w.WriteBoolean(MeasureGradients, op.MeasureGradients);
                w.WriteBoolean(NormalizeGrad, op.NormalizeGrad);
                w.WriteString(OperatorType, op.OperatorType);
                break;
        }
        w.WriteNumber(BatchSize, emitter.BatchSize);
        w.WriteNumber(Count, emitter.Count);
        if (emitter is not (EvolutionStrategyEmitterConfig or GradientArborescenceEmitterConfig))
        {
            // Evolution-strategy and gradient-arborescence emitters start from x0 and have no initial solutions.
            w.WritePropertyName(InitialSolutions);
            WriteInitial(w, emitter.InitialSolutions);
        }
        w.WritePropertyName(X0);
        if (emitter.X0 is null) w.WriteNullValue(); else WriteNumbers(w, emitter.X0);
        w.WritePropertyName(Bounds);
        WriteBounds(w, emitter.Bounds);
        w.WriteEndObject();
    }

    private static void WriteRestartRule(Utf8JsonWriter w, RestartRuleConfig rule)
    {
        if (rule.Name == RestartRuleConfig.EveryName) w.WriteNumber(RestartRule, rule.Iterations);
        else w.WriteString(RestartRule, rule.Name);
    }

    private static void WriteBounds(Utf8JsonWriter w, BoundsConfig? bounds)
    {
        if (bounds is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartArray();
        if (bounds.Low.Length == 1)
        {
            WriteNumberOrNull(w, bounds.Low[0]);
            WriteNumberOrNull(w, bounds.High[0]);
        }
        else
        {
            for (int i = 0; i < bounds.Low.Length; i++)
            {
                w.WriteStartArray();
                WriteNumberOrNull(w, bounds.Low[i]);
                WriteNumberOrNull(w, bounds.High[i]);
                w.WriteEndArray();
            }
        }
        w.WriteEndArray();
    }

    private static void WriteNumberOrNumbers(Utf8JsonWriter w, double[]? values)
    {
        if (values is null) w.WriteNullValue();
        else if (values.Length == 1) w.WriteNumberValue(values[0]);
        else WriteNumbers(w, values);
    }

    private static void WriteNumbers(Utf8JsonWriter w, IEnumerable<double> values)
    {
        w.WriteStartArray();
        foreach (double v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    // Infinite values (threshold_min = -inf, open bounds) have no JSON number; null stands for them.
    private static void WriteNumberOrNull(Utf8JsonWriter w, double value)
    {
        if (double.IsFinite(value)) w.WriteNumberValue(value); else w.WriteNullValue();
    }
}
