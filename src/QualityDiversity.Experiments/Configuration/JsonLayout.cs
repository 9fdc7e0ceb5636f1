using System.Text;
using System.Text.Json;

namespace QualityDiversity.Experiments.Configuration;

/// <summary>
/// Re-indents JSON for people: objects one key per line, but arrays of numbers (and small
/// objects and arrays of such arrays) kept on one line, e.g. <c>"ranges": [[-10, 10], [-10, 10]]</c>.
/// </summary>
internal static class JsonLayout
{
    private const int MaxInlineLength = 100;

    /// <summary>Formats compact JSON text with two-space indentation.</summary>
    public static string Format(string json)
    {
        using var document = JsonDocument.Parse(json);
        var text = new StringBuilder();
        Write(text, document.RootElement, 0);
        return text.Append('\n').ToString();
    }

    private static void Write(StringBuilder text, JsonElement element, int depth)
    {
        string? inline = Inline(element);
        // A scalar has no shorter form: a long string stays on its line however long it is.
        if (inline is not null && (IsScalar(element) || inline.Length + 2 * depth <= MaxInlineLength))
        {
            text.Append(inline);
            return;
        }
        string indent = new(' ', 2 * (depth + 1));
        if (element.ValueKind == JsonValueKind.Object)
        {
            text.Append('{');
            bool first = true;
            foreach (var property in element.EnumerateObject())
            {
                text.Append(first ? "\n" : ",\n").Append(indent).Append(Key(property.Name));
                Write(text, property.Value, depth + 1);
                first = false;
            }
            text.Append('\n').Append(' ', 2 * depth).Append('}');
        }
        else
        {
            text.Append('[');
            bool first = true;
            foreach (var item in element.EnumerateArray())
            {
                text.Append(first ? "\n" : ",\n").Append(indent);
                Write(text, item, depth + 1);
                first = false;
            }
            text.Append('\n').Append(' ', 2 * depth).Append(']');
        }
    }

    // One-line form of scalars, of arrays of scalars or of such arrays, and of objects whose
    // values are all scalars; null for anything deeper.
    private static string? Inline(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().All(p => IsScalar(p.Value))
            ? (element.EnumerateObject().Any() ? "{ " + string.Join(", ", element.EnumerateObject().Select(p => Key(p.Name) + p.Value.GetRawText())) + " }" : "{}")
            : null,
        JsonValueKind.Array => element.EnumerateArray().All(e => IsScalar(e) || (e.ValueKind == JsonValueKind.Array && e.EnumerateArray().All(IsScalar)))
            ? "[" + string.Join(", ", element.EnumerateArray().Select(e => Inline(e))) + "]"
            : null,
        _ => element.GetRawText(),
    };

    private static string Key(string name) => $"\"{JsonEncodedText.Encode(name, Encoder)}\": ";

    private static readonly System.Text.Encodings.Web.JavaScriptEncoder Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private static bool IsScalar(JsonElement e) => e.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array);
}
