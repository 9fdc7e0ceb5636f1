using System.CommandLine;
using System.Globalization;
using QualityDiversity.Experiments;
using QualityDiversity.Plotting;

namespace QualityDiversity.Cli.Commands;

/// <summary>
/// <c>qd plot DIR [--svg] [--colormap NAME] [--vmin X] [--vmax X] [--measure-names LIST] [--title TEXT] [--borders auto|on|off]</c>:
/// redraws a run's figures from its files, the archive figure as the options say.
/// </summary>
internal static class PlotCommand
{
    private static readonly string[] BorderModes = ["auto", "on", "off"];

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var dir = new Argument<string>("DIR") { Description = "Output directory of a finished or running search." };
        var svg = new Option<bool>("--svg") { Description = "Also write the figures as SVG." };
        var colormap = new Option<string?>("--colormap") { Description = $"Colormap of the archive figure: {string.Join(", ", ColormapNames)} [default: viridis].", HelpName = "NAME" };
        var vmin = new Option<double?>("--vmin") { Description = "Objective at the low end of the colormap [default: the smallest drawn]; fix it to compare runs.", HelpName = "X" };
        var vmax = new Option<double?>("--vmax") { Description = "Objective at the high end of the colormap [default: the largest drawn].", HelpName = "X" };
        var names = new Option<string?>("--measure-names") { Description = "Comma-separated axis titles, one per measure, with units, e.g. \"x (m),y (m)\" [default: the task's].", HelpName = "LIST" };
        var title = new Option<string?>("--title") { Description = "Title of the archive figure [default: run name, cells filled, measures, iteration].", HelpName = "TEXT" };
        var borders = new Option<string?>("--borders") { Description = "Outline the archive's cells: auto, on or off [default: auto, on when cells are few and large].", HelpName = "MODE" };
        var command = new Command("plot", "Redraw a search's archive figure and metric curves from its output directory (a text search: from its checkpoint).")
        {
            dir, svg, colormap, vmin, vmax, names, title, borders,
        };
        command.SetAction((parse, _) => CommandGuard.RunAsync(context, () => Task.FromResult(Execute(context, parse.GetValue(dir)!, parse.GetValue(svg),
            new PlotSettings(parse.GetValue(colormap), parse.GetValue(vmin), parse.GetValue(vmax), parse.GetValue(names), parse.GetValue(title), parse.GetValue(borders))))));
        return command;
    }

    /// <summary>What <c>qd plot</c>'s figure options say, as typed.</summary>
    public sealed record PlotSettings(string? Colormap = null, double? Min = null, double? Max = null, string? MeasureNames = null, string? Title = null, string? Borders = null);

    /// <summary>Runs the command.</summary>
    public static int Execute(CliContext context, string path, bool svg, PlotSettings? settings = null)
    {
        var options = Options(settings ?? new PlotSettings());
        var directory = Experiment.Open(path);
        IReadOnlyList<string> files;
        try
        {
            files = directory.WriteFigures(options, svg);
        }
        catch (ArgumentException e) when (e.ParamName is { } field && OptionOf.TryGetValue(field, out var option))
        {
            // The options were well formed but do not fit this run (e.g. one measure name too many).
            throw new CliException($"{option}: {FirstSentence(e.Message)}");
        }
        foreach (string file in files) context.Out.WriteLine($"Wrote {file}");
        return ExitCodes.Success;
    }

    // Option properties and the command-line options that set them.
    private static readonly Dictionary<string, string> OptionOf = new(StringComparer.Ordinal)
    {
        [nameof(ArchiveFigureOptions.MeasureNames)] = "--measure-names",
        [nameof(ArchiveFigureOptions.Min)] = "--vmin",
        [nameof(ArchiveFigureOptions.Max)] = "--vmax",
    };

    private static IEnumerable<string> ColormapNames => Enum.GetNames<ColormapName>().Select(n => n.ToLowerInvariant());

    /// <summary>Checks the typed settings and turns them into figure options; every error names its option.</summary>
    /// <exception cref="CliException">A setting is invalid.</exception>
    internal static ArchiveFigureOptions Options(PlotSettings settings)
    {
        var options = ArchiveFigureOptions.Default;
        if (settings.Colormap is { } map)
        {
            if (!Enum.TryParse<ColormapName>(map, ignoreCase: true, out var colormap) || !Enum.IsDefined(colormap) || int.TryParse(map, out _))
                throw new CliException($"--colormap: '{map}' is not a colormap; use one of {string.Join(", ", ColormapNames)}.");
            options = options with { Colormap = colormap };
        }
        if (settings.Min is { } min && !double.IsFinite(min)) throw new CliException($"--vmin: {min.ToString(CultureInfo.InvariantCulture)} is not a finite number.");
        if (settings.Max is { } max && !double.IsFinite(max)) throw new CliException($"--vmax: {max.ToString(CultureInfo.InvariantCulture)} is not a finite number.");
        if (settings.Min is { } lo && settings.Max is { } hi && !(lo < hi))
            throw new CliException(string.Create(CultureInfo.InvariantCulture, $"--vmin ({lo}) must be below --vmax ({hi})."));
        options = options with { Min = settings.Min, Max = settings.Max };
        if (settings.MeasureNames is { } list)
        {
            string[] names = list.Split(',').Select(n => n.Trim()).ToArray();
            int empty = Array.FindIndex(names, n => n.Length == 0);
            if (empty >= 0) throw new CliException($"--measure-names: name {empty + 1} of \"{list}\" is empty.");
            options = options with { MeasureNames = names };
        }
        if (settings.Title is { } title)
        {
            if (string.IsNullOrWhiteSpace(title)) throw new CliException("--title: the title is empty.");
            options = options with { Title = title };
        }
        if (settings.Borders is { } mode)
        {
            options = mode.ToLowerInvariant() switch
            {
                "auto" => options with { CellBorders = null },
                "on" => options with { CellBorders = true },
                "off" => options with { CellBorders = false },
                _ => throw new CliException($"--borders: '{mode}' is not one of {string.Join(", ", BorderModes)}."),
            };
        }
        return options;
    }

    private static string FirstSentence(string message)
    {
        // ArgumentException appends " (Parameter 'X')"; the option name says that already.
        int at = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return at >= 0 ? message[..at] : message;
    }
}
