using System.Text.Json;

namespace QualityDiversity.Experiments.Configuration;

/// <summary>
/// A JSON object of the configuration together with its field path, with typed getters that
/// raise <see cref="ConfigException"/>s naming the offending field.
/// </summary>
internal sealed class JsonSection
{
    private readonly Dictionary<string, JsonElement> _properties = new(StringComparer.Ordinal);

    /// <summary>Wraps <paramref name="element"/>, which must be a JSON object, found at <paramref name="path"/>.</summary>
    public JsonSection(JsonElement element, string path)
    {
        Path = path;
        if (element.ValueKind != JsonValueKind.Object)
            throw new ConfigException(path, path.Length == 0
                ? $"the configuration must be a JSON object, got {JsonValues.Describe(element)}."
                : $"expected an object, got {JsonValues.Describe(element)}.");
        foreach (var property in element.EnumerateObject())
        {
            if (!_properties.TryAdd(property.Name, property.Value))
                throw new ConfigException(Child(property.Name), "the key appears twice.");
        }
    }

    /// <summary>Path of this object, e.g. <c>emitters[0]</c>; empty for the root.</summary>
    public string Path { get; }

    /// <summary>The path of key <paramref name="key"/> of this object.</summary>
    public string Child(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>Rejects any key not in <paramref name="known"/>, suggesting the closest known key.</summary>
    public void CheckKeys(IReadOnlyCollection<string> known)
    {
        foreach (string key in _properties.Keys)
        {
            if (known.Contains(key)) continue;
            string? suggestion = Suggest(key, known);
            string hint = suggestion is null ? string.Empty : $" Did you mean '{suggestion}'?";
            throw new ConfigException(Child(key), $"unknown key '{key}'.{hint} Known keys here: {string.Join(", ", known)}.");
        }
    }

    /// <summary>Whether <paramref name="key"/> is present with a non-null value.</summary>
    public bool Has(string key) => _properties.TryGetValue(key, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>The value of <paramref name="key"/>, or null when absent or JSON null.</summary>
    public JsonElement? Get(string key) => Has(key) ? _properties[key] : null;

    /// <summary>The value of a required key.</summary>
    public JsonElement Required(string key) =>
        Get(key) ?? throw new ConfigException(Child(key), "is required but missing.");

    /// <summary>A required string.</summary>
    public string RequiredString(string key) => JsonValues.String(Required(key), Child(key));

    /// <summary>An optional string.</summary>
    public string? OptionalString(string key) => Get(key) is { } e ? JsonValues.String(e, Child(key)) : null;

    /// <summary>An integer of at least <paramref name="min"/>, or <paramref name="fallback"/> when absent.</summary>
    public int Int(string key, int fallback, int min = int.MinValue) =>
        Get(key) is { } e ? JsonValues.Int(e, Child(key), min) : fallback;

    /// <summary>A required integer of at least <paramref name="min"/>.</summary>
    public int RequiredInt(string key, int min = int.MinValue) => JsonValues.Int(Required(key), Child(key), min);

    /// <summary>An optional integer of at least <paramref name="min"/>.</summary>
    public int? OptionalInt(string key, int min = int.MinValue) =>
        Get(key) is { } e ? JsonValues.Int(e, Child(key), min) : null;

    /// <summary>A 64-bit integer, or <paramref name="fallback"/> when absent.</summary>
    public long Long(string key, long fallback) => Get(key) is { } e ? JsonValues.Long(e, Child(key)) : fallback;

    /// <summary>An optional 64-bit integer.</summary>
    public long? OptionalLong(string key) => Get(key) is { } e ? JsonValues.Long(e, Child(key)) : null;

    /// <summary>A finite number, or <paramref name="fallback"/> when absent.</summary>
    public double Double(string key, double fallback) => Get(key) is { } e ? JsonValues.Double(e, Child(key)) : fallback;

    /// <summary>A required finite number.</summary>
    public double RequiredDouble(string key) => JsonValues.Double(Required(key), Child(key));

    /// <summary>A Boolean, or <paramref name="fallback"/> when absent.</summary>
    public bool Bool(string key, bool fallback)
    {
        if (Get(key) is not { } e) return fallback;
        return e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ConfigException(Child(key), $"expected true or false, got {JsonValues.Describe(e)}."),
        };
    }

    /// <summary>A nested object, or null when absent.</summary>
    public JsonSection? OptionalSection(string key) => Get(key) is { } e ? new JsonSection(e, Child(key)) : null;

    /// <summary>A required nested object.</summary>
    public JsonSection RequiredSection(string key) => new(Required(key), Child(key));

    private static string? Suggest(string key, IEnumerable<string> known)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in known)
        {
            int distance = EditDistance(key.ToLowerInvariant(), candidate);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }
        return bestDistance <= Math.Max(2, key.Length / 3) ? best : null;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
