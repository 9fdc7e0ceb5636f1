namespace QualityDiversity.Plotting.Internal;

/// <summary>Shared argument checks for the input records; every failure names the record property at fault.</summary>
internal static class DataChecks
{
    public static ArgumentException Error(string field, string message) => new(message, field);

    public static T NotNull<T>(T? value, string field) where T : class =>
        value ?? throw Error(field, $"{field} must not be null.");

    /// <summary>Values may be NaN (an empty cell) but not infinite, because an infinite value has no colour.</summary>
    public static void FiniteOrNaN(double[] values, string field)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsInfinity(values[i]))
                throw Error(field, $"{field}[{i}] is infinite; use a finite number, or NaN for an empty cell.");
        }
    }

    /// <summary>Reads the first two coordinates of each point; higher dimensions are ignored by design.</summary>
    public static (double[] Xs, double[] Ys) FirstTwoCoordinates(double[][] points, string field)
    {
        var xs = new double[points.Length];
        var ys = new double[points.Length];
        for (int i = 0; i < points.Length; i++)
        {
            double[]? point = points[i];
            if (point is null || point.Length < 2)
                throw Error(field, $"{field}[{i}] must have at least 2 coordinates.");
            if (!double.IsFinite(point[0]) || !double.IsFinite(point[1]))
                throw Error(field, $"{field}[{i}] has a non-finite coordinate.");
            xs[i] = point[0];
            ys[i] = point[1];
        }

        return (xs, ys);
    }

    public static void Range(AxisRange? range, string field)
    {
        if (range is { IsValid: false } bad)
            throw Error(field, $"{field} must be finite with Min below Max (got {bad.Min}..{bad.Max}).");
    }

    /// <summary>Labels are optional; when given, every drawn axis needs one (extra labels are ignored).</summary>
    public static void Labels(string[]? labels, int drawnAxes, string field)
    {
        if (labels is not null && labels.Length < drawnAxes)
            throw Error(field, $"{field} has {labels.Length} entries but {drawnAxes} axes are drawn.");
    }
}
