namespace QualityDiversity.Plotting;

/// <summary>Colormaps available for archive figures. Names parse case-insensitively with <see cref="Enum.Parse{TEnum}(string, bool)"/>, which suits command-line options.</summary>
public enum ColormapName
{
    /// <summary>Perceptually uniform blue-green-yellow map (the default).</summary>
    Viridis,

    /// <summary>Perceptually uniform blue-magenta-yellow map.</summary>
    Plasma,

    /// <summary>Perceptually uniform black-red-yellow map.</summary>
    Inferno,

    /// <summary>Perceptually uniform black-purple-cream map.</summary>
    Magma,

    /// <summary>Improved rainbow map with high contrast.</summary>
    Turbo,

    /// <summary>Black-to-white map.</summary>
    Grayscale,
}
