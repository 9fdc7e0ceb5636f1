using System.Globalization;
using System.Text;
using System.Text.Json;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Llm.Client;
using QualityDiversity.Llm.Judging;

namespace QualityDiversity.Experiments.Text;

/// <summary>
/// Writes a text-search configuration as JSON in the schema <see cref="TextConfigParser"/> reads,
/// with every key, so a run directory's config.json records exactly what ran — also when the
/// configuration was built or edited in code.
/// </summary>
internal static class TextConfigWriter
{
    /// <summary>The configuration as indented JSON text, ending with a newline.</summary>
    public static string ToJson(TextRunConfig config)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("name", config.Name);
            w.WriteNumber("seed", config.Seed);
            w.WriteStartObject(TextConfigParser.TextKey);
            w.WriteString("domain", config.Domain);
            if (config.Topic is null) w.WriteNull("topic"); else w.WriteString("topic", config.Topic);
            WriteArray(w, "seeds", config.Seeds, w.WriteStringValue);
            w.WriteString("mode", config.Mode);
            if (config.UsesLlm)
            {
                w.WriteString("protocol", config.Protocol);
                w.WriteString("generation", config.Generation);
            }
            w.WriteString("variation", config.Variation);
            w.WriteNumber("steps", config.Steps);
            w.WriteNumber("batch_size", config.BatchSize);
            w.WriteStartObject("init");
            w.WriteNumber("max_steps", config.InitMaxSteps);
            w.WriteNumber("min_cells", config.InitMinCells);
            w.WriteBoolean("zero_shot", config.ZeroShot);
            w.WriteNumber("examples", config.ZeroShotExamples);
            w.WriteEndObject();
            w.WriteNumber("depth", config.Depth);
            w.WriteBoolean("embedding_features", config.EmbeddingFeatures);
            w.WriteNumber("anchor_temperature", config.AnchorTemperature);
            w.WriteNumber("checkpoint_every", config.CheckpointEvery);
            w.WriteBoolean("parquet", config.Parquet);
            w.WriteString("judge_mode", config.JudgeMode switch
            {
                JudgeMode.Logprobs => "logprobs",
                JudgeMode.Verbal => "verbal",
                JudgeMode.OptionLogprobs => "option_logprobs",
                _ => "auto",
            });
            // The offline mode always embeds its measures; the parser refuses an explicit "judge" there.
            if (config.UsesLlm || config.Measures != "judge") w.WriteString("measures", config.Measures);
            if (config.Learned is { } learned) WriteLearned(w, learned);
            if (config.Llm is { } llm) WriteLlm(w, "llm", llm);
            if (config.JudgeLlm is { } judge) WriteLlm(w, "judge_llm", judge);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return JsonLayout.Format(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteLearned(Utf8JsonWriter w, LearnedMeasuresConfig l)
    {
        w.WriteStartObject("learned");
        w.WriteNumber("dims", l.Dims);
        w.WriteNumber("judgments", l.Judgments);
        WriteArray(w, "updates", l.Updates, w.WriteNumberValue);
        w.WriteNumber("bins", l.Bins);
        w.WriteString("judge", l.Judge);
        w.WriteString("aspect", l.Aspect);
        w.WriteNumber("label_noise", l.LabelNoise);
        WriteArray(w, "hidden", l.Hidden, w.WriteNumberValue);
        w.WriteEndObject();
    }

    // An array, or JSON null for a list that is not set.
    private static void WriteArray<T>(Utf8JsonWriter w, string key, IReadOnlyList<T>? values, Action<T> write)
    {
        if (values is null)
        {
            w.WriteNull(key);
            return;
        }
        w.WriteStartArray(key);
        foreach (var value in values) write(value);
        w.WriteEndArray();
    }

    private static void WriteLlm(Utf8JsonWriter w, string key, LlmOptions o)
    {
        w.WriteStartObject(key);
        w.WriteString("endpoint", o.Endpoint.ToString());
        w.WriteString("model", o.Model);
        if (o.ApiKeyVariable is null) w.WriteNull("api_key_env"); else w.WriteString("api_key_env", o.ApiKeyVariable);
        w.WriteNumber("temperature", o.Temperature);
        w.WriteNumber("max_tokens", o.MaxTokens);
        w.WriteNumber("max_concurrency", o.MaxConcurrency);
        w.WriteNumber("timeout_seconds", o.Timeout.TotalSeconds);
        w.WriteNumber("max_retries", o.MaxRetries);
        w.WriteNumber("initial_backoff_seconds", o.InitialBackoff.TotalSeconds);
        w.WriteNumber("max_backoff_seconds", o.MaxBackoff.TotalSeconds);
        w.WriteBoolean("logprobs", o.Logprobs);
        w.WriteNumber("top_logprobs", o.TopLogprobs);
        w.WriteString("max_tokens_field", o.MaxTokensField switch
        {
            MaxTokensField.MaxTokens => "max_tokens",
            MaxTokensField.MaxCompletionTokens => "max_completion_tokens",
            MaxTokensField.Both => "both",
            _ => "auto",
        });
        w.WriteNumber("echo_max_tokens", o.EchoMaxTokens);
        w.WriteNumber("prompt_price_per_million", o.PromptPricePerMillion);
        w.WriteNumber("completion_price_per_million", o.CompletionPricePerMillion);
        w.WriteEndObject();
    }
}
