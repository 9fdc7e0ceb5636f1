using System.Globalization;
using ScottPlot;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;
using SkiaSharp;

namespace QualityDiversity.Plotting.Internal;

/// <summary>Draws <see cref="CategoricalGridData"/>: unit cells labelled by category, each filled cell showing its value.</summary>
internal static class CategoricalFigure
{
    public static Plot Build(CategoricalGridData data, ColorScale? scale)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.Validate();

        int columns = data.XCategories.Length;
        int rows = data.YCategories?.Length ?? 1;
        ColorMapping colors = ColorMapping.Create(scale, data.Values);
        var plot = new Plot();

        // Category i occupies [i, i + 1] on its axis, so its tick sits at i + 0.5.
        var pixels = new SKColor[columns * rows];
        for (int x = 0; x < columns; x++)
        {
            for (int y = 0; y < rows; y++)
            {
                double value = data.Values[x * rows + y];
                Color fill = colors.ColorOf(value);
                pixels[(rows - 1 - y) * columns + x] = fill.ToSKColor();
                if (!double.IsNaN(value))
                    AddValueText(plot, value.ToString(data.ValueFormat, CultureInfo.InvariantCulture), x + 0.5, y + 0.5, fill);
            }
        }

        var extent = new CoordinateRect(0, columns, 0, rows);
        ImageRect cells = RasterLayer.Add(plot, pixels, columns, rows, extent);
        plot.MoveToBack(cells);
        AddSeparators(plot, columns, rows);
        FigureStyle.SetExactLimits(plot, extent);
        plot.HideGrid();

        plot.Axes.Bottom.TickGenerator = CategoryTicks(data.XCategories);
        plot.XLabel(FigureStyle.AxisLabel(data.AxisLabels, 0));
        if (data.YCategories is not null)
        {
            plot.Axes.Left.TickGenerator = CategoryTicks(data.YCategories);
            plot.YLabel(FigureStyle.AxisLabel(data.AxisLabels, 1));
        }
        else
        {
            plot.Axes.Left.TickGenerator = new NumericManual();
        }

        colors.AddColorBar(plot);
        FigureStyle.Finish(plot, data.Title);
        return plot;
    }

    private static NumericManual CategoryTicks(string[] categories) =>
        new(categories.Select((_, i) => i + 0.5).ToArray(), categories);

    private static void AddValueText(Plot plot, string text, double x, double y, Color fill)
    {
        Text label = plot.Add.Text(text, x, y);
        label.LabelAlignment = Alignment.MiddleCenter;
        label.LabelFontSize = 12;

        // Dark text on light cells and vice versa keeps the numbers readable across the colormap.
        double luminance = (0.299 * fill.R + 0.587 * fill.G + 0.114 * fill.B) / 255.0;
        label.LabelFontColor = luminance > 0.55 ? Colors.Black : Colors.White;
    }

    /// <summary>Thin white lines between cells make neighbouring categories with similar colours distinguishable.</summary>
    private static void AddSeparators(Plot plot, int columns, int rows)
    {
        for (int x = 1; x < columns; x++)
            Separator(plot.Add.Line(x, 0, x, rows));
        for (int y = 1; y < rows; y++)
            Separator(plot.Add.Line(0, y, columns, y));
    }

    private static void Separator(LinePlot line)
    {
        line.LineColor = Colors.White;
        line.LineWidth = 1.5f;
    }
}
