using static QualityDiversity.Experiments.Configuration.ConfigKeys;

namespace QualityDiversity.Experiments.Configuration;

/// <summary>Parses the <c>measures</c> section.</summary>
internal static class MeasuresConfigParser
{
    private static readonly string[] Keys = [TypeKey, Schedule, Judgments, JudgeKey, Hidden, Fit, Patience, PriorJudgments, ScoreEvery, Bounds];
    private static readonly string[] Boundss = [LowerQuantile, UpperQuantile, Margin];
    private static readonly string[] JudgeKeys = [TypeKey, LabelNoise, PathKey, Person];

    /// <summary>Parses <paramref name="section"/>.</summary>
    /// <exception cref="ConfigException">A field is missing, of the wrong type or out of range.</exception>
    public static MeasuresConfig Parse(JsonSection section)
    {
        section.CheckKeys(Keys);
        string type = EmitterConfigParser.OneOf(section, TypeKey, MeasuresConfig.Qdhf, MeasuresConfig.Types, "measures type");
        string? schedule = MeasuresConfig.Progressive;
        int[]? iterations = null;
        if (section.Get(Schedule) is { } element)
        {
            if (element.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                schedule = EmitterConfigParser.OneOf(section, Schedule, MeasuresConfig.Progressive, [MeasuresConfig.Once, MeasuresConfig.Progressive], "schedule");
            }
            else
            {
                schedule = null;
                iterations = JsonValues.Array(element, section.Child(Schedule)).Select(e => JsonValues.Int(e.Element, e.Path, min: 1)).ToArray();
                try
                {
                    _ = new Learning.Search.MeasureUpdateSchedule(iterations);
                }
                catch (ArgumentException e)
                {
                    throw new ConfigException(section.Child(Schedule), ConfigResolver.PlainMessage(e));
                }
            }
        }
        var judge = section.OptionalSection(JudgeKey) is { } judgeSection ? ParseJudge(judgeSection) : new JudgeConfig();
        var hidden = section.Get(Hidden) is { } h
            ? JsonValues.Array(h, section.Child(Hidden)).Select(e => JsonValues.Int(e.Element, e.Path, min: 1)).ToArray()
            : [];
        double lower = 0, upper = 1, margin = 0;
        if (section.OptionalSection(Bounds) is { } bounds)
        {
            bounds.CheckKeys(Boundss);
            lower = bounds.Double(LowerQuantile, 0);
            upper = bounds.Double(UpperQuantile, 1);
            margin = bounds.Double(Margin, 0);
            if (!(lower >= 0 && lower < upper && upper <= 1))
                throw new ConfigException(bounds.Path, $"needs 0 <= {LowerQuantile} < {UpperQuantile} <= 1, got {lower} and {upper}.");
            if (!(margin >= 0) || !double.IsFinite(margin))
                throw new ConfigException(bounds.Child(Margin), $"must be finite and at least 0, got {margin}.");
        }
        return new MeasuresConfig
        {
            LowerQuantile = lower,
            UpperQuantile = upper,
            BoundsMargin = margin,
            Type = type,
            Schedule = schedule,
            Iterations = iterations,
            Judgments = section.Int(Judgments, 1000, min: 1),
            Judge = judge,
            Hidden = hidden,
            Fit = EmitterConfigParser.OneOf(section, Fit, Learning.Measures.Torch.TripletFitRuleNames.Protocol, Learning.Measures.Torch.TripletFitRuleNames.All, "fit rule"),
            Patience = section.Int(Patience, 50, min: 1),
            PriorJudgments = section.OptionalString(PriorJudgments),
            ScoreEvery = section.Int(ScoreEvery, 20, min: 1),
        };
    }

    private static JudgeConfig ParseJudge(JsonSection section)
    {
        section.CheckKeys(JudgeKeys);
        string type = EmitterConfigParser.OneOf(section, TypeKey, JudgeConfig.Simulated, JudgeConfig.Types, "judge type");
        double noise = section.Double(LabelNoise, 0);
        if (!(noise >= 0 && noise < 0.5)) throw new ConfigException(section.Child(LabelNoise), $"must be in [0, 0.5), got {noise}.");
        string? path = section.OptionalString(PathKey);
        if (type == JudgeConfig.Recorded && path is null) throw new ConfigException(section.Child(PathKey), "is required for a recorded judge: the judgments file to replay.");
        string? person = section.OptionalString(Person);
        if (type == JudgeConfig.Console && string.IsNullOrWhiteSpace(person)) throw new ConfigException(section.Child(Person), "is required for a console judge: the name of the person answering.");
        if (type != JudgeConfig.Simulated && section.Has(LabelNoise))
            throw new ConfigException(section.Child(LabelNoise), "only applies to a simulated judge.");
        return new JudgeConfig { Type = type, LabelNoise = noise, Path = path, Person = person };
    }
}
