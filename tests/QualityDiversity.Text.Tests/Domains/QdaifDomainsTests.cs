using QualityDiversity.Archives;
using QualityDiversity.Text.Domains;

namespace QualityDiversity.Text.Tests.Domains;

public class QdaifDomainsTests
{
    [Theory]
    [InlineData("opinions", 20)]
    [InlineData("stories_genre", 20)]
    [InlineData("stories_ending", 20)]
    [InlineData("stories_genre_ending", 100)]
    [InlineData("poetry", 25)]
    [InlineData("prompts", 100)]
    public void Every_domain_is_valid_and_builds_the_archive_of_the_paper(string name, int cells)
    {
        var domain = QdaifDomains.ByName(name);
        domain.Validate();
        Assert.Equal(3, domain.Seeds.Count);
        var archive = TextArchives.Create(domain);
        Assert.Equal(cells, archive.CellCount);
        Assert.Equal(domain.Axes.Count, archive.MeasureDim);
    }

    [Fact]
    public void One_axis_bins_are_finer_near_zero_and_one()
    {
        var archive = (GridArchive<QualityDiversity.Text.Genomes.TextGenome>)TextArchives.Create(QdaifDomains.Opinions("tea"));
        var axis = archive.Axes[0];
        Assert.Equal(0, axis.BinOf(0.004));
        Assert.Equal(1, axis.BinOf(0.006));
        Assert.Equal(9, axis.BinOf(0.3));
        Assert.Equal(19, axis.BinOf(0.999));
        Assert.False(axis.IsUniform);
    }

    [Fact]
    public void Topics_reach_the_header_and_the_questions_and_custom_topics_start_zero_shot()
    {
        var domain = QdaifDomains.Opinions("public transport");
        Assert.Contains("public transport", domain.Header);
        Assert.Contains("public transport", domain.Quality.Question);
        Assert.Contains("public transport", domain.Axes[0].Question);
        Assert.Empty(domain.Seeds); // the built-in seeds are about the default topic only
        var stories = QdaifDomains.ByName("stories_genre_ending", "a dragon and a baker");
        Assert.Contains("a dragon and a baker", stories.Header);
        Assert.Equal(["genre", "ending"], stories.Axes.Select(a => a.Name));
    }

    [Fact]
    public void Poetry_is_categorical_with_a_rewrite_instruction_for_each_axis()
    {
        var poetry = QdaifDomains.Poetry();
        Assert.True(poetry.IsCategorical);
        Assert.True(poetry.Quality.Rating);
        Assert.Equal(["haiku", "sonnet", "ballad", "limerick", "hymn"], poetry.Axes[0].Labels);
        Assert.Contains("{to:0}", poetry.RewriteTemplate);
        Assert.Contains("{to:1}", poetry.RewriteTemplate);
    }

    [Fact]
    public void Unknown_domains_and_inconsistent_axes_are_named_in_errors()
    {
        var e = Assert.Throws<ArgumentException>(() => QdaifDomains.ByName("recipes"));
        Assert.Contains("recipes", e.Message);
        Assert.Contains("opinions", e.Message);
        var broken = QdaifDomains.Opinions("tea") with { Axes = [new TextAxis { Name = "x", Question = "q?", FirstOption = "a", SecondOption = "b", Edges = [0, 0.5, 0.4, 1] }] };
        Assert.Contains("strictly increasing", Assert.Throws<ArgumentException>(broken.Validate).Message);
        var mixed = QdaifDomains.Poetry() with { Axes = [QdaifDomains.Poetry().Axes[0], QdaifDomains.Opinions("tea").Axes[0]] };
        Assert.Contains("mixes", Assert.Throws<ArgumentException>(mixed.Validate).Message);
    }

    [Fact]
    public void Reference_wordings_follow_the_protocol_and_carry_custom_topics_in_the_reference_pattern()
    {
        var tea = QdaifDomains.ByName("opinions", "drinking green tea", TextProtocol.Qdaif);
        Assert.Equal(TextProtocol.Qdaif, tea.Protocol);
        Assert.Equal("Determine the sentiment of the given opinion on drinking green tea (from the input text) by writing \"positive\" or \"negative\" in the output.", tea.Axes[0].Question);
        Assert.Contains("\"someone talking about whether or not they like drinking green tea as well as an explanation for their preferences\"", tea.Quality.Question);
        var stories = QdaifDomains.ByName("stories_ending", "a dragon and a baker", TextProtocol.Qdaif);
        Assert.Contains("a high-quality short story containing a dragon and a baker. For example,", stories.Quality.Question);
        Assert.Equal(("happy ending", "tragedy"), (stories.Axes[0].FirstOption, stories.Axes[0].SecondOption));
        var poetry = QdaifDomains.ByName("poetry", null, TextProtocol.Qdaif);
        poetry.Validate();
        Assert.Single(poetry.Seeds);
        Assert.Equal((512, 1.1, 0.95, "quality"), (poetry.MaxTokens, poetry.Temperature, poetry.TopP!.Value, poetry.Quality.JsonKey));
        Assert.True(poetry.JudgeSamplesLikeGeneration);
        Assert.Contains("not one of QDAIF's", Assert.Throws<ArgumentException>(() => QdaifDomains.ByName("prompts", null, TextProtocol.Qdaif)).Message);
    }
}
