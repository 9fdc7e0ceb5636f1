using System.Text.Json;

namespace QualityDiversity.Experiments.Configuration;

/// <summary>Typed conversions of JSON values that raise <see cref="ConfigException"/>s naming the field.</summary>
internal static class JsonValues
{
    /// <summary>A short description of a JSON value for error messages.</summary>
    public static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{Truncate(e.GetString() ?? string.Empty)}\"",
        JsonValueKind.Number => $"the number {e.GetRawText()}",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>A string.</summary>
    public static string String(JsonElement e, string path) =>
        e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new ConfigException(path, $"expected a string, got {Describe(e)}.");

    /// <summary>A finite number.</summary>
    public static double Double(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out double value) || !double.IsFinite(value))
            throw new ConfigException(path, $"expected a number, got {Describe(e)}.");
        return value;
    }

    /// <summary>A number, or infinity of sign <paramref name="nullMeans"/> for JSON null.</summary>
    public static double DoubleOrInfinity(JsonElement e, string path, double nullMeans) =>
        e.ValueKind == JsonValueKind.Null ? nullMeans : Double(e, path);

    /// <summary>A 32-bit integer of at least <paramref name="min"/>.</summary>
    public static int Int(JsonElement e, string path, int min = int.MinValue)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out int value))
            throw new ConfigException(path, $"expected an integer, got {Describe(e)}.");
        if (value < min)
            throw new ConfigException(path, min == 1 ? $"must be at least 1, got {value}." : $"must be at least {min}, got {value}.");
        return value;
    }

    /// <summary>A 64-bit integer.</summary>
    public static long Long(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out long value))
            throw new ConfigException(path, $"expected an integer, got {Describe(e)}.");
        return value;
    }

    /// <summary>The elements of an array, with their paths.</summary>
    public static IEnumerable<(JsonElement Element, string Path)> Array(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Array)
            throw new ConfigException(path, $"expected an array, got {Describe(e)}.");
        int i = 0;
        foreach (var item in e.EnumerateArray()) yield return (item, $"{path}[{i++}]");
    }

    /// <summary>A non-empty array of numbers.</summary>
    public static double[] Doubles(JsonElement e, string path)
    {
        var values = Array(e, path).Select(x => Double(x.Element, x.Path)).ToArray();
        return values.Length > 0 ? values : throw new ConfigException(path, "must not be empty.");
    }

    /// <summary>One number or a non-empty array of numbers, as an array (length 1 for a single number).</summary>
    public static double[] NumberOrNumbers(JsonElement e, string path) => e.ValueKind switch
    {
        JsonValueKind.Number => [Double(e, path)],
        JsonValueKind.Array => Doubles(e, path),
        _ => throw new ConfigException(path, $"expected a number or an array of numbers, got {Describe(e)}."),
    };

    /// <summary>One number or array of numbers where null stands for infinity of sign <paramref name="nullMeans"/>.</summary>
    public static double[] BoundOrBounds(JsonElement e, string path, double nullMeans)
    {
        if (e.ValueKind is JsonValueKind.Number or JsonValueKind.Null) return [DoubleOrInfinity(e, path, nullMeans)];
        var values = Array(e, path).Select(x => DoubleOrInfinity(x.Element, x.Path, nullMeans)).ToArray();
        return values.Length > 0 ? values : throw new ConfigException(path, "must not be empty.");
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..37] + "...";
}
