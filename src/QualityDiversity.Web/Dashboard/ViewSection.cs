namespace QualityDiversity.Web.Dashboard;

/// <summary>One part of the run's dashboard and report.</summary>
/// <param name="Id">Its id, stable across updates (the element it replaces on the live page).</param>
/// <param name="Heading">Its heading (plain text).</param>
/// <param name="Html">Its content: an HTML fragment in which every text is encoded and every image is inline.</param>
internal sealed record ViewSection(string Id, string Heading, string Html);
