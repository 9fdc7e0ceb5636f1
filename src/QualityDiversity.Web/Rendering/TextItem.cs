using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Web.Rendering;

/// <summary>
/// A text candidate as encoded text (texts can come from language models and hold markup or
/// script: they are always shown as text). Candidates without text are drawn by the inner renderer.
/// </summary>
internal sealed class TextItem(IItemRenderer inner) : IItemRenderer
{
    /// <inheritdoc />
    public string Render(JudgedItem item) =>
        item.Text is { } text ? $"<p class=\"text\">{Html.Encode(text)}</p>" : inner.Render(item);
}
