using QualityDiversity.Text.Genomes;
using QualityDiversity.Text.Search;

namespace QualityDiversity.Text.Tests.Search;

/// <summary>
/// A deterministic evaluator computed from the text itself: quality = share of distinct words,
/// measure = share of letters that are vowels, rescaled into [0, 1]. Optional per-text delays
/// make completion order differ from step order; texts containing a marker fail.
/// </summary>
internal sealed class LetterStatisticsEvaluator(bool jitter = false, string? failMarker = null, bool throwOnMarker = false) : ITextEvaluator
{
    private int _calls;

    public int Calls => _calls;

    public int MeasureDim => 1;

    public int FeatureDim => 0;

    public async Task<TextEvaluation> EvaluateAsync(TextGenome text, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (jitter) await Task.Delay((int)(text.Id * 7919 % 13), cancellationToken);
        if (failMarker is not null && text.Text.Contains(failMarker, StringComparison.Ordinal))
        {
            if (throwOnMarker) throw new InvalidOperationException("marker found");
            return TextEvaluation.Failed("the text contains the failure marker");
        }
        var words = text.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        double quality = words.Length == 0 ? 0 : words.Distinct().Count() / (double)words.Length;
        int letters = text.Text.Count(char.IsLetter);
        double vowels = letters == 0 ? 0 : text.Text.Count(c => "aeiouAEIOU".Contains(c)) / (double)letters;
        return TextEvaluation.Success(quality, [Math.Clamp((vowels - 0.25) * 4, 0, 1)], annotations: [new("rule", "letters")]);
    }
}
