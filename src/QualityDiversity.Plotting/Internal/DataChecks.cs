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

    public static void Range(AxisRange? range, string field) => Range(range, field, field);

    /// <summary>Checks one range; <paramref name="what"/> names it in the message (e.g. "Ranges[2]"), <paramref name="field"/> is the property.</summary>
    public static void Range(AxisRange? range, string what, string field)
    {
        if (range is { IsValid: false } bad)
            throw Error(field, $"{what} must be finite with Min below Max (got {bad.Min}..{bad.Max}).");
    }

    /// <summary>Every value finite: a value drawn as a position or a colour cannot be NaN or infinite here.</summary>
    public static void Finite(double[] values, string field)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
                throw Error(field, $"{field}[{i}] is {values[i]}; it must be finite.");
        }
    }

    /// <summary>Points of exactly <paramref name="dimension"/> finite coordinates each.</summary>
    public static void Points(double[][] points, int dimension, string field)
    {
        for (int i = 0; i < points.Length; i++)
        {
            double[]? point = points[i];
            if (point is null || point.Length != dimension)
                throw Error(field, $"{field}[{i}] has {point?.Length ?? 0} coordinates; expected {dimension}.");
            for (int k = 0; k < dimension; k++)
            {
                if (!double.IsFinite(point[k]))
                    throw Error(field, $"{field}[{i}][{k}] is {point[k]}; coordinates must be finite.");
            }
        }
    }

    /// <summary>At least two finite edges, each at least the one before (equal edges make an empty bin), spanning a positive width.</summary>
    public static void NonDecreasingEdges(double[] edges, string field)
    {
        if (edges.Length < 2) throw Error(field, $"{field} needs at least 2 edges; it has {edges.Length}.");
        for (int i = 0; i < edges.Length; i++)
        {
            if (!double.IsFinite(edges[i])) throw Error(field, $"{field}[{i}] is not finite.");
            if (i > 0 && edges[i] < edges[i - 1])
                throw Error(field, $"{field} must not decrease (edge {i} = {edges[i]} follows {edges[i - 1]}).");
        }
        if (!(edges[^1] > edges[0])) throw Error(field, $"{field} spans no width ({edges[0]} to {edges[^1]}).");
    }

    /// <summary>Labels are optional; when given, every drawn axis needs one (extra labels are ignored).</summary>
    public static void Labels(string[]? labels, int drawnAxes, string field)
    {
        if (labels is not null && labels.Length < drawnAxes)
            throw Error(field, $"{field} has {labels.Length} entries but {drawnAxes} axes are drawn.");
    }
}
