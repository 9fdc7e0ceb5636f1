using System.Buffers.Binary;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace QualityDiversity.Notebooks.Tests;

/// <summary>
/// The outputs of an executed notebook (.ipynb): cell errors, and for each cell that draws a
/// figure, the PNG images it displayed.
/// </summary>
public sealed partial class ExecutedNotebook
{
    // Cells that draw: ScottPlot's HTML image, or an image file shown inline.
    private static readonly string[] FigureMarkers = ["GetPngHtml(", "data:image/png;base64"];

    private ExecutedNotebook(IReadOnlyList<string> errors, IReadOnlyList<FigureCell> figureCells)
    {
        Errors = errors;
        FigureCells = figureCells;
    }

    /// <summary>One line per error output: cell number, exception name and message.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>The cells whose code draws a figure, with the sizes of the PNG images they displayed.</summary>
    public IReadOnlyList<FigureCell> FigureCells { get; }

    /// <summary>Reads an executed notebook.</summary>
    public static ExecutedNotebook Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var errors = new List<string>();
        var figures = new List<FigureCell>();
        int number = 0;
        foreach (var cell in document.RootElement.GetProperty("cells").EnumerateArray())
        {
            number++;
            if (cell.GetProperty("cell_type").GetString() != "code") continue;
            string source = Text(cell.GetProperty("source"));
            var images = new List<(int Width, int Height)>();
            if (cell.TryGetProperty("outputs", out var outputs))
            {
                foreach (var output in outputs.EnumerateArray())
                {
                    if (output.GetProperty("output_type").GetString() == "error")
                    {
                        errors.Add($"cell {number}: {output.GetProperty("ename").GetString()}: {output.GetProperty("evalue").GetString()}");
                        continue;
                    }
                    if (!output.TryGetProperty("data", out var data)) continue;
                    foreach (var item in data.EnumerateObject())
                    {
                        if (item.Name == "image/png") images.Add(PngSize(Convert.FromBase64String(Text(item.Value))));
                        else if (item.Name == "text/html")
                            images.AddRange(InlinePng().Matches(Text(item.Value)).Select(m => PngSize(Convert.FromBase64String(m.Groups[1].Value))));
                    }
                }
            }
            if (FigureMarkers.Any(source.Contains)) figures.Add(new FigureCell(number, images));
        }
        return new ExecutedNotebook(errors, figures);
    }

    // Width and height from the IHDR chunk; (0, 0) when the bytes are not a PNG image.
    private static (int Width, int Height) PngSize(byte[] bytes)
    {
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (bytes.Length < 24 || !bytes.AsSpan(0, 8).SequenceEqual(signature) || !bytes.AsSpan(12, 4).SequenceEqual("IHDR"u8)) return (0, 0);
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    // Notebook text fields are a string or an array of lines.
    private static string Text(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? string.Concat(element.EnumerateArray().Select(e => e.GetString())) : element.GetString() ?? "";

    [GeneratedRegex("data:image/png;base64,([A-Za-z0-9+/=]+)")]
    private static partial Regex InlinePng();
}

/// <summary>A cell that draws a figure and the images it displayed.</summary>
/// <param name="Number">1-based cell number in the notebook.</param>
/// <param name="Images">Pixel sizes of the PNG images displayed ((0, 0) for bytes that are not a PNG).</param>
public sealed record FigureCell(int Number, IReadOnlyList<(int Width, int Height)> Images);
