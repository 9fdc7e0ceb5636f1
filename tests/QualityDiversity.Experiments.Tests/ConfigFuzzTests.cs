using System.Text.Json;
using System.Text.Json.Nodes;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Tests.Support;

namespace QualityDiversity.Experiments.Tests;

/// <summary>
/// Seeded mutations of the shipped example configurations: each must parse and validate, or be
/// refused with a <see cref="ConfigException"/> — never any other exception.
/// </summary>
public sealed class ConfigFuzzTests
{
    private static readonly JsonNode?[] Replacements =
    [
        -1, 0, 0.5, 1e308, -1e308, int.MaxValue, 2147483648L, 1e12, "text", null, true, new JsonArray(), new JsonObject(),
        new JsonArray(1e308, -1), new JsonArray(new JsonArray(5, 1)),
    ];

    [Fact]
    public void Mutated_example_configurations_are_valid_or_refused_with_the_field_named()
    {
        var examples = Directory.GetFiles(Path.GetDirectoryName(Scratch.Example("arm-qdhf.json"))!, "*.json").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(16, examples.Length);
        var random = new Random(20240611);
        var problems = new List<string>();
        int refused = 0, accepted = 0;
        for (int n = 0; n < 320; n++)
        {
            string example = examples[n % examples.Length];
            var root = JsonNode.Parse(File.ReadAllText(example), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
            string what = Mutate(root, random);
            string json = root.ToJsonString();
            try
            {
                ExperimentConfig.Parse(json, "fuzzed", "fuzzed").Validate();
                accepted++;
            }
            catch (ConfigException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                refused++;
            }
            catch (Exception e)
            {
                problems.Add($"{Path.GetFileName(example)} with {what}: {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(320, refused + accepted);
        Assert.True(refused > 0 && accepted > 0, $"{refused} refused, {accepted} accepted");
    }

    // Replaces one leaf or container (chosen at random over the whole tree) by an extreme value, or removes it.
    private static string Mutate(JsonNode root, Random random)
    {
        var nodes = new List<(JsonNode Parent, string? Key, int Index, string Path)>();
        Collect(root, "$", nodes);
        var (parent, key, index, path) = nodes[random.Next(nodes.Count)];
        bool remove = random.Next(8) == 0;
        var replacement = Replacements[random.Next(Replacements.Length)]?.DeepClone();
        if (parent is JsonObject obj)
        {
            if (remove) obj.Remove(key!);
            else obj[key!] = replacement;
        }
        else
        {
            ((JsonArray)parent)[index] = replacement;
        }
        return remove ? $"{path} removed" : $"{path} = {replacement?.ToJsonString() ?? "null"}";
    }

    private static void Collect(JsonNode node, string path, List<(JsonNode, string?, int, string)> into)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToArray())
                {
                    into.Add((obj, key, -1, $"{path}.{key}"));
                    if (child is not null) Collect(child, $"{path}.{key}", into);
                }
                break;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    into.Add((array, null, i, $"{path}[{i}]"));
                    if (array[i] is { } child) Collect(child, $"{path}[{i}]", into);
                }
                break;
        }
    }
}
