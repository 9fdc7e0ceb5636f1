using System.Text.Json.Nodes;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Persistence;

namespace QualityDiversity.Experiments.Runs;

/// <summary>
/// The settings a run's results depend on, kept in every checkpoint so that a resume can tell
/// when config.json was edited since: a resumed run with, say, another batch size would go on
/// from the checkpoint as if nothing changed and end with results no configuration gives. Left
/// out are the settings that only say how far to go, how often to write, where to evaluate and
/// how to reach a model (its address, key, time limits, concurrency, prices), which may change
/// between processes.
/// </summary>
internal static class RunConfigurationRecord
{
    /// <summary>The checkpoint section's name.</summary>
    public const string SectionName = "run-configuration";

    private static readonly HashSet<string> Free = new(StringComparer.Ordinal)
    {
        "name", "iterations", "steps", "checkpoint_every", "metrics_every", "parquet", "evaluation", "parallel_emitters",
        "endpoint", "api_key_env", "max_concurrency", "timeout_seconds", "max_retries", "initial_backoff_seconds",
        "max_backoff_seconds", "prompt_price_per_million", "completion_price_per_million",
    };

    /// <summary>The section holding <paramref name="config"/>'s results-relevant settings.</summary>
    public static CheckpointSection Section(ExperimentConfig config)
    {
        string recorded = Canonical(config);
        return new CheckpointSection(SectionName, writer => writer.Write(recorded));
    }

    /// <summary>
    /// Where <paramref name="config"/> differs from the settings recorded in
    /// <paramref name="contents"/>, in words, or null when they agree or the checkpoint (of an
    /// earlier build) records none.
    /// </summary>
    public static string? Disagreement(CheckpointContents contents, ExperimentConfig config)
    {
        if (!contents.Contains(SectionName)) return null;
        string recorded = string.Empty;
        contents.Read(SectionName, reader => recorded = reader.ReadString());
        string current = Canonical(config);
        if (recorded == current) return null;
        var before = Flatten(JsonNode.Parse(recorded));
        var now = Flatten(JsonNode.Parse(current));
        var changed = before.Keys.Union(now.Keys).Order(StringComparer.Ordinal)
            .Where(k => before.GetValueOrDefault(k) != now.GetValueOrDefault(k))
            .Take(5)
            .Select(k => $"{k} ({before.GetValueOrDefault(k) ?? "absent"} in the checkpoint, {now.GetValueOrDefault(k) ?? "absent"} now)");
        return string.Join("; ", changed);
    }

    private static string Canonical(ExperimentConfig config)
    {
        var node = JsonNode.Parse(config.ToJson())!;
        Strip(node);
        return node.ToJsonString();
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (string key in obj.Select(p => p.Key).Where(Free.Contains).ToArray()) obj.Remove(key);
                foreach (var (_, child) in obj) Strip(child);
                break;
            case JsonArray array:
                foreach (var child in array) Strip(child);
                break;
        }
    }

    private static Dictionary<string, string> Flatten(JsonNode? node)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(JsonNode? n, string path)
        {
            switch (n)
            {
                case JsonObject obj:
                    foreach (var (key, child) in obj) Walk(child, path.Length == 0 ? key : $"{path}.{key}");
                    break;
                case JsonArray array:
                    for (int i = 0; i < array.Count; i++) Walk(array[i], $"{path}[{i}]");
                    break;
                default:
                    values[path] = n?.ToJsonString() ?? "null";
                    break;
            }
        }
        Walk(node, string.Empty);
        return values;
    }
}
