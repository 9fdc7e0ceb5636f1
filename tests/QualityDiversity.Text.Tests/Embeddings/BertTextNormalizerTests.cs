using QualityDiversity.Text.Embeddings;

namespace QualityDiversity.Text.Tests.Embeddings;

public class BertTextNormalizerTests
{
    [Theory]
    [InlineData("Hello World", "hello world")]
    [InlineData("  Hello\n\tWORLD \r\n again ", "hello world again")]
    [InlineData("Café naïve Ångström", "cafe naive angstrom")]
    [InlineData("I don’t know—really?", "i don ’ t know — really ?")]
    [InlineData("Wait...what", "wait . . . what")]
    [InlineData("中文abc", "中 文 abc")]
    [InlineData("zero\u200Bwidth\u0007bell", "zerowidthbell")]
    [InlineData("", "")]
    [InlineData(" \n\t ", "")]
    public void Prepares_text_like_the_reference_uncased_bert_tokenizer(string text, string expected)
    {
        Assert.Equal(expected, BertTextNormalizer.Normalize(text));
    }

    [Fact]
    public void Lower_casing_does_not_depend_on_the_current_culture()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("tr-TR");
            Assert.Equal("idea", BertTextNormalizer.Normalize("IDEA"));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }
}
