using System.Text.Encodings.Web;
using System.Text.Json;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Text.Export;

/// <summary>
/// The JSON form of a dataset row shared by the JSON Lines and Parquet exports: snake_case
/// fields, doubles in shortest round-trip form, NaN as <c>null</c>, infinities as the strings
/// <c>"Infinity"</c>/<c>"-Infinity"</c> (JSON has no literal for them), annotations as an object
/// of strings where a repeated key keeps its first position and its last value.
/// </summary>
internal static class TextDatasetJsonCodec
{
    /// <summary>Writer options: unicode kept readable; quotes, backslashes and control characters escaped.</summary>
    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private const string PositiveInfinity = "Infinity";
    private const string NegativeInfinity = "-Infinity";

    /// <summary>Checks that a row can be written (no nulls where the record promises values).</summary>
    /// <exception cref="ArgumentException">The row is null or has a null member that must not be null.</exception>
    internal static void Validate(EvaluatedText? row, string paramName)
    {
        if (row is null) throw new ArgumentException("The rows contain null.", paramName);
        if (row.Operator is null) throw new ArgumentException($"Row {row.Id} has no operator.", paramName);
        if (row.Status is null) throw new ArgumentException($"Row {row.Id} has no status.", paramName);
        if (row.ParentIds is null) throw new ArgumentException($"Row {row.Id} has null parent ids.", paramName);
        if (row.Measures is null) throw new ArgumentException($"Row {row.Id} has null measures.", paramName);
        if (row.Annotations is null) throw new ArgumentException($"Row {row.Id} has null annotations.", paramName);
        foreach (var a in row.Annotations)
        {
            if (a.Key is null) throw new ArgumentException($"Row {row.Id} has an annotation without a key.", paramName);
            if (a.Value is null) throw new ArgumentException($"Row {row.Id} has a null value for annotation '{a.Key}'.", paramName);
        }
    }

    /// <summary>Writes one row as a JSON object.</summary>
    internal static void WriteRow(Utf8JsonWriter writer, EvaluatedText row)
    {
        writer.WriteStartObject();
        writer.WriteNumber("id", row.Id);
        writer.WriteNumber("step", row.Step);
        writer.WriteString("operator", row.Operator);
        writer.WriteStartArray("parent_ids");
        foreach (long parent in row.ParentIds) writer.WriteNumberValue(parent);
        writer.WriteEndArray();
        writer.WriteString("text", row.Text);
        writer.WriteString("status", row.Status);
        writer.WriteString("failure", row.Failure);
        writer.WritePropertyName("quality");
        WriteDouble(writer, row.Quality);
        writer.WriteStartArray("measures");
        foreach (double m in row.Measures) WriteDouble(writer, m);
        writer.WriteEndArray();
        writer.WriteNumber("cell", row.Cell);
        writer.WritePropertyName("annotations");
        WriteAnnotations(writer, row.Annotations);
        writer.WriteEndObject();
    }

    /// <summary>Reads one row from a JSON object.</summary>
    /// <exception cref="FormatException">The object is not a valid row; the message names the field.</exception>
    internal static EvaluatedText ReadRow(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException($"A row must be a JSON object, not {Describe(root.ValueKind)}.");
        JsonElement? id = null, step = null, op = null, parents = null, text = null, status = null,
            failure = null, quality = null, measures = null, cell = null, annotations = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "id": id = property.Value; break;
                case "step": step = property.Value; break;
                case "operator": op = property.Value; break;
                case "parent_ids": parents = property.Value; break;
                case "text": text = property.Value; break;
                case "status": status = property.Value; break;
                case "failure": failure = property.Value; break;
                case "quality": quality = property.Value; break;
                case "measures": measures = property.Value; break;
                case "cell": cell = property.Value; break;
                case "annotations": annotations = property.Value; break;
                default: break; // fields added by later versions are ignored
            }
        }

        return new EvaluatedText
        {
            Id = ReadInt64(Required(id, "id"), "id"),
            Step = ReadInt32(Required(step, "step"), "step"),
            Operator = ReadString(Required(op, "operator"), "operator") ?? throw new FormatException("Field 'operator' must not be null."),
            ParentIds = ReadParentIds(Required(parents, "parent_ids")),
            Text = text is { } t ? ReadString(t, "text") : null,
            Status = ReadString(Required(status, "status"), "status") ?? throw new FormatException("Field 'status' must not be null."),
            Failure = failure is { } f ? ReadString(f, "failure") : null,
            Quality = quality is { } q ? ReadDouble(q, "quality") : double.NaN,
            Measures = measures is { } m ? ReadMeasures(m) : [],
            Cell = cell is { } c && c.ValueKind != JsonValueKind.Null ? ReadInt32(c, "cell") : -1,
            Annotations = annotations is { } a && a.ValueKind != JsonValueKind.Null ? ReadAnnotations(a) : [],
        };
    }

    /// <summary>The annotations as a JSON object string (repeated keys: first position, last value).</summary>
    internal static string AnnotationsToJson(IReadOnlyList<KeyValuePair<string, string>> annotations)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) WriteAnnotations(writer, annotations);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Annotations from a JSON object string written by <see cref="AnnotationsToJson"/>.</summary>
    /// <exception cref="FormatException">The string is not a JSON object of strings.</exception>
    internal static List<KeyValuePair<string, string>> AnnotationsFromJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return ReadAnnotations(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Annotations are not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Annotations with repeated keys merged: each key at its first position with its last value.</summary>
    internal static List<KeyValuePair<string, string>> MergeRepeatedKeys(IEnumerable<KeyValuePair<string, string>> annotations)
    {
        var merged = new List<KeyValuePair<string, string>>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var a in annotations)
        {
            if (index.TryGetValue(a.Key, out int at)) merged[at] = a;
            else
            {
                index.Add(a.Key, merged.Count);
                merged.Add(a);
            }
        }
        return merged;
    }

    private static void WriteAnnotations(Utf8JsonWriter writer, IReadOnlyList<KeyValuePair<string, string>> annotations)
    {
        writer.WriteStartObject();
        foreach (var a in MergeRepeatedKeys(annotations)) writer.WriteString(a.Key, a.Value);
        writer.WriteEndObject();
    }

    private static List<KeyValuePair<string, string>> ReadAnnotations(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new FormatException($"Field 'annotations' must be an object of strings, not {Describe(element.ValueKind)}.");
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
                throw new FormatException($"Annotation '{property.Name}' must be a string, not {Describe(property.Value.ValueKind)}.");
            pairs.Add(new(property.Name, property.Value.GetString()!));
        }
        return MergeRepeatedKeys(pairs);
    }

    private static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsNaN(value)) writer.WriteNullValue();
        else if (double.IsPositiveInfinity(value)) writer.WriteStringValue(PositiveInfinity);
        else if (double.IsNegativeInfinity(value)) writer.WriteStringValue(NegativeInfinity);
        else writer.WriteNumberValue(value); // shortest form that parses back to the same bits
    }

    private static double ReadDouble(JsonElement element, string field)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null: return double.NaN;
            case JsonValueKind.Number when element.TryGetDouble(out double value): return value;
            case JsonValueKind.String when element.ValueEquals(PositiveInfinity): return double.PositiveInfinity;
            case JsonValueKind.String when element.ValueEquals(NegativeInfinity): return double.NegativeInfinity;
            default: throw new FormatException($"Field '{field}' must be a number, null, \"Infinity\" or \"-Infinity\", not {element.GetRawText()}.");
        }
    }

    private static List<double> ReadMeasures(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null) return [];
        if (element.ValueKind != JsonValueKind.Array) throw new FormatException($"Field 'measures' must be an array, not {Describe(element.ValueKind)}.");
        var measures = new List<double>(element.GetArrayLength());
        foreach (var item in element.EnumerateArray()) measures.Add(ReadDouble(item, "measures"));
        return measures;
    }

    private static List<long> ReadParentIds(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Array) throw new FormatException($"Field 'parent_ids' must be an array, not {Describe(element.ValueKind)}.");
        var parents = new List<long>(element.GetArrayLength());
        foreach (var item in element.EnumerateArray()) parents.Add(ReadInt64(item, "parent_ids"));
        return parents;
    }

    private static JsonElement Required(JsonElement? element, string field) =>
        element ?? throw new FormatException($"Field '{field}' is missing.");

    private static long ReadInt64(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out long value)
            ? value
            : throw new FormatException($"Field '{field}' must be a 64-bit integer, not {element.GetRawText()}.");

    private static int ReadInt32(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out int value)
            ? value
            : throw new FormatException($"Field '{field}' must be a 32-bit integer, not {element.GetRawText()}.");

    private static string? ReadString(JsonElement element, string field) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Null => null,
        _ => throw new FormatException($"Field '{field}' must be a string or null, not {element.GetRawText()}."),
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
