using System.Text.Json;
using static QualityDiversity.Experiments.Configuration.ConfigKeys;

namespace QualityDiversity.Experiments.Configuration;

/// <summary>
/// Turns configuration JSON into a <see cref="SearchConfig"/>, checking types, value ranges and
/// key names. Defaults that depend on the task (ranges, initial ranges) are left unset here and
/// filled in by <see cref="ConfigResolver"/>.
/// </summary>
internal static class ConfigParser
{
    private static readonly string[] RootKeys = [Name, Seed, Iterations, CheckpointEvery, MetricsEvery, TaskKey, Archive, ResultArchive, InitialPopulation, SchedulerKey, EmittersKey, MeasuresKey, ClusterEvaluationConfigParser.EvaluationKey];
    private static readonly string[] TaskKeys = [Name, Dim];

    /// <summary>Parses configuration text; <paramref name="defaultName"/> is used when it has no <c>name</c>.</summary>
    /// <param name="json">The JSON text (comments and trailing commas are allowed).</param>
    /// <param name="source">File name used in messages about malformed JSON.</param>
    /// <param name="defaultName">Search name when the file gives none.</param>
    /// <exception cref="ConfigException">The JSON is malformed or a field is invalid.</exception>
    public static SearchConfig Parse(string json, string source, string defaultName)
    {
        using (var document = ParseDocument(json, source))
        {
            return Parse(new JsonSection(document.RootElement, string.Empty), defaultName);
        }
    }

    private static SearchConfig Parse(JsonSection root, string defaultName)
    {
        root.CheckKeys(RootKeys);
        string name = RunName(root, defaultName);

        var emitters = new List<EmitterConfig>();
        foreach (var (element, path) in JsonValues.Array(root.Required(EmittersKey), EmittersKey))
            emitters.Add(EmitterConfigParser.Parse(new JsonSection(element, path)));
        if (emitters.Count == 0) throw new ConfigException(EmittersKey, "needs at least one emitter.");

        var resultSection = root.OptionalSection(ResultArchive);
        var populationSection = root.OptionalSection(InitialPopulation);
        return new SearchConfig
        {
            Name = name,
            Seed = root.Long(Seed, 0),
            Iterations = root.Int(Iterations, SearchConfig.DefaultIterations, min: 1),
            CheckpointEvery = root.Int(CheckpointEvery, SearchConfig.DefaultCheckpointEvery, min: 0),
            MetricsEvery = root.Int(MetricsEvery, 1, min: 1),
            Task = ParseTask(root.RequiredSection(TaskKey)),
            Archive = ArchiveConfigParser.Parse(root.RequiredSection(Archive)),
            ResultArchive = resultSection is null ? null : ArchiveConfigParser.Parse(resultSection),
            InitialPopulation = populationSection is null ? null : EmitterConfigParser.ParseInitial(populationSection),
            Scheduler = root.OptionalSection(SchedulerKey) is { } scheduler ? ParseScheduler(scheduler) : PlainSchedulerConfig.Instance,
            Emitters = emitters,
            Measures = root.OptionalSection(MeasuresKey) is { } measures ? MeasuresConfigParser.Parse(measures) : null,
            Cluster = root.OptionalSection(ClusterEvaluationConfigParser.EvaluationKey) is { } evaluation ? ClusterEvaluationConfigParser.Parse(evaluation) : null,
        };
    }

    // scheduler: { "type": "plain" } or { "type": "bandit", "num_active": N, "zeta": 0.05, "reselect": "terminated" | "all" },
    // both with an optional "parallel_emitters": false.
    private static SchedulerConfig ParseScheduler(JsonSection section)
    {
        string type = section.RequiredString(TypeKey);
        switch (type)
        {
            case PlainSchedulerConfig.TypeName:
                section.CheckKeys([TypeKey, ParallelEmitters]);
                return new PlainSchedulerConfig { ParallelEmitters = section.Bool(ParallelEmitters, false) };
            case BanditSchedulerConfig.TypeName:
                section.CheckKeys([TypeKey, NumActive, Zeta, Reselect, ParallelEmitters]);
                double zeta = section.Double(Zeta, BanditSchedulerConfig.DefaultZeta);
                if (zeta < 0) throw new ConfigException(section.Child(Zeta), $"must be non-negative, got {zeta}.");
                return new BanditSchedulerConfig
                {
                    NumActive = section.RequiredInt(NumActive, min: 1),
                    Zeta = zeta,
                    Reselect = EmitterConfigParser.OneOf(section, Reselect, BanditSchedulerConfig.ReselectTerminated, BanditSchedulerConfig.ReselectValues, "reselect rule"),
                    ParallelEmitters = section.Bool(ParallelEmitters, false),
                };
            default:
                throw new ConfigException(section.Child(TypeKey),
                    $"unknown scheduler type '{type}'. Known types: {PlainSchedulerConfig.TypeName}, {BanditSchedulerConfig.TypeName}.");
        }
    }

    private static TaskConfig ParseTask(JsonSection task)
    {
        task.CheckKeys(TaskKeys);
        return new TaskConfig(task.RequiredString(Name), task.RequiredInt(Dim, min: 1));
    }

    /// <summary>
    /// Parses a configuration file's JSON (comments and trailing commas allowed); a syntax error
    /// names the source, line and position.
    /// </summary>
    /// <exception cref="ConfigException">The text is not JSON.</exception>
    public static JsonDocument ParseDocument(string json, string source)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            long line = (e.LineNumber ?? 0) + 1, position = (e.BytePositionInLine ?? 0) + 1;
            throw new ConfigException($"{source}: malformed JSON at line {line}, position {position}: {JsonErrorText(e.Message)}");
        }
    }

    /// <summary>The run name ("name", else <paramref name="defaultName"/>), which must serve as a directory name.</summary>
    /// <exception cref="ConfigException">The name cannot be a directory name.</exception>
    public static string RunName(JsonSection root, string defaultName)
    {
        string name = root.OptionalString(Name) ?? defaultName;
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains('/') || name.Contains('\\'))
            throw new ConfigException(Name, $"'{name}' cannot be used as a directory name; use letters, digits, '-' and '_'.");
        return name;
    }

    // System.Text.Json appends "Path: $.x | LineNumber: 2 | BytePositionInLine: 13." to its
    // messages; the location is already reported in our own words.
    private static string JsonErrorText(string message)
    {
        int cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).Trim();
    }
}
