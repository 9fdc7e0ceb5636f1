using System.Text.Json;
using System.Text.Json.Nodes;
using QualityDiversity.Cli.Commands;
using QualityDiversity.Cli.Configuration;
using QualityDiversity.Cli.Output;
using QualityDiversity.Cli.Search;
using QualityDiversity.Persistence;
using QualityDiversity.Text.Export;

namespace QualityDiversity.Cli.Text;

/// <summary>The run and resume commands for text-search configurations.</summary>
internal static class TextRun
{
    /// <summary>Whether the file at <paramref name="path"/> is a text-search configuration.</summary>
    public static bool IsTextConfigFile(string? path) =>
        path is not null && File.Exists(path) && TextConfigParser.IsTextConfig(File.ReadAllText(path));

    /// <summary>Starts a text search from a configuration file.</summary>
    public static async Task<int> RunAsync(CliContext context, string configPath, string? outPath, ConfigOverrides overrides, bool svg)
    {
        string json = ApplyOverrides(File.ReadAllText(configPath), overrides);
        var config = TextConfigParser.Parse(json, Path.GetFileName(configPath), Path.GetFileNameWithoutExtension(configPath));
        var directory = outPath is null ? RunDirectory.CreateDefault(config.Name, context.Now()) : new RunDirectory(outPath);
        if (File.Exists(directory.Path)) throw new CliException($"--out: '{directory.Path}' is a file, not a directory.");
        if (directory.HoldsRun)
            throw new CliException($"--out: '{directory.Path}' already holds a run. Continue it with 'qd resume {directory.Path}' or choose another --out.");
        var setup = Start(config, json, directory);

        context.Out.WriteLine($"Running '{config.Name}': {Describe(config)}");
        context.Out.WriteLine($"Output: {directory.Path}");
        var outcome = await new TextSession(setup, directory, context, svg).RunAsync().ConfigureAwait(false);
        return outcome.Interrupted ? ExitCodes.Interrupted : ExitCodes.Success;
    }

    /// <summary>Continues a text search from the checkpoint in <paramref name="directory"/>.</summary>
    public static async Task<int> ResumeAsync(CliContext context, RunDirectory directory, int? steps, bool svg)
    {
        string json = ApplyOverrides(File.ReadAllText(directory.ConfigPath), new ConfigOverrides(null, steps));
        var config = TextConfigParser.Parse(json, "config.json", Path.GetFileName(directory.Path));
        var setup = TextSearchBuilder.Build(config, directory);
        setup.Search.LoadCheckpoint(directory.CheckpointPath);
        int done = setup.Search.Step;
        if (steps is { } n && n < done) throw new CliException($"--iterations: {n} is below the {done} steps the checkpoint has already completed.");
        if (steps is not null) AtomicFile.WriteAllText(directory.ConfigPath, json);
        DropRowsAfterCheckpoint(directory, done);
        context.Out.WriteLine(setup.Search.IsDone
            ? $"'{config.Name}' has already completed its {config.Steps} steps; rewriting its outputs. Use --iterations to extend it."
            : $"Resuming '{config.Name}' from step {done} of {config.Steps}: {Describe(config)}");
        var outcome = await new TextSession(setup, directory, context, svg).RunAsync().ConfigureAwait(false);
        return outcome.Interrupted ? ExitCodes.Interrupted : ExitCodes.Success;
    }

    /// <summary>
    /// Builds a fresh run in <paramref name="directory"/>: writes its config.json and removes
    /// outputs a previous attempt may have left.
    /// </summary>
    internal static TextSearchSetup Start(TextRunConfig config, string json, RunDirectory directory)
    {
        Directory.CreateDirectory(directory.Path);
        var setup = TextSearchBuilder.Build(config, directory);
        AtomicFile.WriteAllText(directory.ConfigPath, json);
        foreach (var stale in new[] { directory.MetricsPath, directory.File(TextSession.DatasetFile) }) File.Delete(stale);
        return setup;
    }

    /// <summary>Builds the run in <paramref name="directory"/> and restores its checkpoint.</summary>
    internal static TextSearchSetup Restore(TextRunConfig config, RunDirectory directory)
    {
        var setup = TextSearchBuilder.Build(config, directory);
        setup.Search.LoadCheckpoint(directory.CheckpointPath);
        DropRowsAfterCheckpoint(directory, setup.Search.Step);
        return setup;
    }

    // Rows written after the checkpoint belong to the batch that will now run again.
    private static void DropRowsAfterCheckpoint(RunDirectory directory, int step)
    {
        TextDatasetJsonl.TruncateAfterStep(directory.File(TextSession.DatasetFile), step);
        TextMetricsCsv.TruncateAfter(directory.MetricsPath, step);
    }

    /// <summary>Redraws a text search's figures from its checkpoint and metrics.</summary>
    public static int Plot(CliContext context, RunDirectory directory, bool svg)
    {
        if (!File.Exists(directory.CheckpointPath))
            throw new CliException($"'{directory.Path}' has no checkpoint.bin yet; it is written after the first batch.", ExitCodes.Failure);
        var config = TextConfigParser.Parse(File.ReadAllText(directory.ConfigPath), "config.json", Path.GetFileName(directory.Path));
        using var setup = TextSearchBuilder.Build(config, directory);
        setup.Search.LoadCheckpoint(directory.CheckpointPath);
        foreach (string file in TextOutputs.WriteFigures(setup, directory.Path, directory.MetricsPath, svg)) context.Out.WriteLine($"Wrote {file}");
        return ExitCodes.Success;
    }

    private static string Describe(TextRunConfig c) => c.UsesLlm
        ? $"QDAIF on '{c.Domain}' with {c.Llm!.Model} at {c.Llm.Endpoint} ({c.Variation} variation), {c.Steps} steps in batches of {c.BatchSize}"
        : $"offline text search on '{c.Domain}' (sentence recombination scored by the local embedding model; not QDAIF), {c.Steps} steps";

    // --seed and --iterations (steps), and a comparison's variation, edit the JSON itself, so
    // config.json records what ran.
    internal static string ApplyOverrides(string json, ConfigOverrides overrides, string? variation = null)
    {
        if (overrides.Seed is null && overrides.Iterations is null && variation is null) return json;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ConfigException($"malformed JSON: {e.Message}");
        }
        if (root is not JsonObject obj || obj[TextConfigParser.TextKey] is not JsonObject text) throw new ConfigException("text: expected an object.");
        if (overrides.Seed is { } seed) obj["seed"] = seed;
        if (overrides.Iterations is { } steps) text["steps"] = steps;
        if (variation is not null) text["variation"] = variation;
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
