using QualityDiversity.Archives;

namespace QualityDiversity.Text.Search;

/// <summary>The values of <see cref="EvaluatedText.Status"/>.</summary>
public static class EvaluatedTextStatus
{
    /// <summary>Filled an empty cell.</summary>
    public const string New = "new";

    /// <summary>Replaced a cell's elite.</summary>
    public const string Improved = "improved";

    /// <summary>Evaluated but did not enter the archive.</summary>
    public const string NotAdded = "not_added";

    /// <summary>No text was produced.</summary>
    public const string GenerationFailed = "generation_failed";

    /// <summary>A text was produced but could not be scored.</summary>
    public const string EvaluationFailed = "evaluation_failed";

    /// <summary>A prompt example only (a seed kept out of the archive, or a zero-shot pool text): shown in prompts, never evaluated.</summary>
    public const string PromptExample = "prompt_example";

    /// <summary>The status string of an archive outcome.</summary>
    public static string Of(AddStatus status) => status switch
    {
        AddStatus.New => New,
        AddStatus.ImprovedExisting => Improved,
        _ => NotAdded,
    };
}
