namespace QualityDiversity.Tables;

/// <summary>The element type of an <see cref="EliteColumn"/>.</summary>
public enum EliteColumnKind
{
    /// <summary>64-bit floating point numbers (NaN for a missing value).</summary>
    Double,

    /// <summary>64-bit integers.</summary>
    Int64,

    /// <summary>Text (null for a missing value).</summary>
    Text,
}
