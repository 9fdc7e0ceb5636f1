using QualityDiversity.Archives;
using QualityDiversity.Randomness;
using QualityDiversity.Text.Genomes;

namespace QualityDiversity.Text.Search;

/// <summary>What a <see cref="ITextMeasureSpace"/> may use when it refits.</summary>
/// <param name="Step">The search step the update happens before.</param>
/// <param name="UpdateIndex">0 for the first update.</param>
/// <param name="Archive">The current archive (its elites keep their features).</param>
/// <param name="Seeds">The domain's seed texts.</param>
/// <param name="History">Every text evaluated so far.</param>
/// <param name="Random">The update's random generator (derived from the run seed and the update).</param>
public sealed record TextMeasureUpdateContext(int Step, int UpdateIndex, IArchive<TextGenome> Archive, IReadOnlyList<TextGenome> Seeds, TextHistory History, RandomSource Random);
