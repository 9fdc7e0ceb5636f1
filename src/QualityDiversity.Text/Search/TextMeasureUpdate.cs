using QualityDiversity.Archives;
using QualityDiversity.Text.Genomes;

namespace QualityDiversity.Text.Search;

/// <summary>The outcome of a measure-space refit: the archive to continue in and a line describing the update.</summary>
/// <param name="Archive">The new archive, holding the elites moved from the old one.</param>
/// <param name="Description">What happened (judgments asked, validation accuracy, elites kept), for progress output.</param>
public sealed record TextMeasureUpdate(IArchive<TextGenome> Archive, string Description);
