namespace QualityDiversity.Learning.Measures.Torch;

/// <summary>The names of <see cref="TripletFitRule"/> values in configurations and on the command line.</summary>
public static class TripletFitRuleNames
{
    /// <summary>The name of <see cref="TripletFitRule.Protocol"/>.</summary>
    public const string Protocol = "protocol";

    /// <summary>The name of <see cref="TripletFitRule.BestValidation"/>.</summary>
    public const string BestValidation = "best_validation";

    /// <summary>Every name, in the order of the rules.</summary>
    public static IReadOnlyList<string> All { get; } = [Protocol, BestValidation];

    /// <summary>The name of <paramref name="rule"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined rule.</exception>
    public static string Name(TripletFitRule rule) => rule switch
    {
        TripletFitRule.Protocol => Protocol,
        TripletFitRule.BestValidation => BestValidation,
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown fit rule."),
    };

    /// <summary>The rule named <paramref name="name"/> (any case), or false.</summary>
    public static bool TryParse(string? name, out TripletFitRule rule)
    {
        rule = TripletFitRule.Protocol;
        for (int i = 0; i < All.Count; i++)
        {
            if (!string.Equals(All[i], name, StringComparison.OrdinalIgnoreCase)) continue;
            rule = (TripletFitRule)i;
            return true;
        }
        return false;
    }
}
