using QualityDiversity.Evaluation;
using QualityDiversity.Solutions;

namespace QualityDiversity.Archives;

/// <summary>
/// Evaluated candidates offered to an archive: solutions with one objective, one measure vector
/// and (optionally) one feature vector each, all row-major.
/// </summary>
/// <typeparam name="T">Element type of a solution row.</typeparam>
public readonly struct CandidateBatch<T>
{
    /// <summary>Bundles evaluated candidates.</summary>
    public CandidateBatch(SolutionBatch<T> solutions, ReadOnlyMemory<double> objectives, ReadOnlyMemory<double> measures, ReadOnlyMemory<double> features = default)
    {
        Solutions = solutions;
        Objectives = objectives;
        Measures = measures;
        Features = features;
    }

    /// <summary>Bundles a solution batch with the results of evaluating it.</summary>
    public CandidateBatch(SolutionBatch<T> solutions, EvaluationResults results)
        : this(solutions, results.Objectives, results.Measures, results.Features) { }

    /// <summary>The candidate solutions.</summary>
    public SolutionBatch<T> Solutions { get; }

    /// <summary>One objective per candidate.</summary>
    public ReadOnlyMemory<double> Objectives { get; }

    /// <summary>Measures, row-major.</summary>
    public ReadOnlyMemory<double> Measures { get; }

    /// <summary>Features, row-major; empty when the evaluator gives none.</summary>
    public ReadOnlyMemory<double> Features { get; }

    /// <summary>Number of candidates.</summary>
    public int Count => Solutions.Count;

    /// <summary>Candidates <c>[start, start + count)</c> of this batch, given the row widths.</summary>
    public CandidateBatch<T> Slice(int start, int count, int measureDim, int featureDim) => new(
        Solutions.Slice(start, count),
        Objectives.Slice(start, count),
        Measures.Slice(start * measureDim, count * measureDim),
        featureDim == 0 || Features.IsEmpty ? default : Features.Slice(start * featureDim, count * featureDim));
}
