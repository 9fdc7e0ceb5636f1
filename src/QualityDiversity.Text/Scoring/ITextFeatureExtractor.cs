namespace QualityDiversity.Text.Scoring;

/// <summary>Turns a text into a fixed-length feature vector (e.g. a sentence embedding) kept for learned measures.</summary>
public interface ITextFeatureExtractor
{
    /// <summary>Length of every feature vector.</summary>
    int Dimension { get; }

    /// <summary>The features of one text.</summary>
    Task<double[]> ExtractAsync(string text, CancellationToken cancellationToken);
}
