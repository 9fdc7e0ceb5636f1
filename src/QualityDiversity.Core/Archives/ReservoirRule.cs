namespace QualityDiversity.Archives;

/// <summary>How a <see cref="DensityArchive{T}"/> replaces buffered measures once its buffer is full.</summary>
/// <remarks>
/// Both rules draw the same quantities (Li 1994, "Algorithm L": a replaced slot, a new running
/// weight W and a number of candidates to skip, in that order) and agree until the buffer is
/// full. They differ in which candidate of a batch enters the buffer.
/// </remarks>
public enum ReservoirRule
{
    /// <summary>
    /// Algorithm L over the stream of candidates in batch order: skip, replace with the next
    /// candidate, skip again from the one after it. The buffer is a uniform sample of every
    /// measure offered, as the DDS paper describes.
    /// </summary>
    Uniform,

    /// <summary>
    /// pyribs 0.8.3's batch loop (<c>DensityArchive.add</c>): the pending skip indexes the
    /// candidates left after filling counted from the start of that batch, the replaced
    /// candidate and the skip that reached it are not taken off the batch, and every later
    /// replacement in the same batch therefore takes the first of those candidates again. With
    /// one scheduler batch of several emitters, most replacements copy emitter 0's first
    /// solution, so the buffer is far from a uniform sample; this reproduces pyribs' results.
    /// </summary>
    Pyribs,
}
