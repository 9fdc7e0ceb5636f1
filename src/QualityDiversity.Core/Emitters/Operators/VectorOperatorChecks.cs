namespace QualityDiversity.Emitters.Operators;

/// <summary>Checks shared by the vector operators.</summary>
internal static class VectorOperatorChecks
{
    /// <summary>Throws when solution rows of <paramref name="width"/> do not fit an operator built for <paramref name="dimension"/> (0: any).</summary>
    public static void Width(string operatorName, int width, int dimension)
    {
        if (dimension > 0 && width != dimension)
            throw new InvalidOperationException($"{operatorName} was built for solutions of dimension {dimension}, but the rows have {width} elements.");
    }

    /// <summary>A finite, non-negative parameter.</summary>
    public static double NonNegative(double value, string name) =>
        value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and non-negative.");

    /// <summary>A probability in [0, 1].</summary>
    public static double Probability(double value, string name) =>
        value >= 0 && value <= 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be a probability in [0, 1].");
}
