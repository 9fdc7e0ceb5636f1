namespace QualityDiversity.Plotting;

/// <summary>Image file formats a figure can be written in.</summary>
public enum FigureFormat
{
    /// <summary>Portable Network Graphics raster image.</summary>
    Png,

    /// <summary>Scalable Vector Graphics document (raster layers such as heatmaps are embedded as images).</summary>
    Svg,
}
