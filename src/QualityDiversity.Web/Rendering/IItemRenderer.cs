using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Web.Rendering;

/// <summary>Draws a candidate of a similarity question as an HTML fragment in which every text is encoded.</summary>
internal interface IItemRenderer
{
    /// <summary>The fragment for <paramref name="item"/>.</summary>
    string Render(JudgedItem item);
}
