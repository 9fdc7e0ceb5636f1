namespace QualityDiversity.Plotting;

/// <summary>A closed interval of one plot axis, in data units.</summary>
/// <param name="Min">Lower end of the axis.</param>
/// <param name="Max">Upper end of the axis; must be greater than <paramref name="Min"/>.</param>
public readonly record struct AxisRange(double Min, double Max)
{
    /// <summary>Width of the interval.</summary>
    public double Span => Max - Min;

    /// <summary>Whether both ends are finite and <see cref="Min"/> is below <see cref="Max"/>.</summary>
    public bool IsValid => double.IsFinite(Min) && double.IsFinite(Max) && Min < Max;
}
