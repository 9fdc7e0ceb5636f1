namespace QualityDiversity.Archives.Depth;

/// <summary>
/// One solution kept in a cell's depth list by <see cref="CellDepthArchive{T}"/>.
/// </summary>
/// <remarks>
/// The archive hands out the entries it stores (no copy per read, since depth lists can be
/// large), so treat the arrays as read-only.
/// </remarks>
/// <typeparam name="T">Element type of a solution row.</typeparam>
/// <param name="Solution">A copy of the solution's elements taken when it was added.</param>
/// <param name="Objective">Its objective.</param>
/// <param name="Measures">Its measures.</param>
/// <param name="Features">Its features (zeros when the batch gave none; empty when the archive keeps none).</param>
public sealed record DepthEntry<T>(T[] Solution, double Objective, double[] Measures, double[] Features);
