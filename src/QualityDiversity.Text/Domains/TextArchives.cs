using QualityDiversity.Archives;
using QualityDiversity.Text.Genomes;

namespace QualityDiversity.Text.Domains;

/// <summary>Builds the archive a text domain needs: a grid with the axes' (non-uniform) bin edges, or a categorical archive.</summary>
public static class TextArchives
{
    /// <summary>The archive of <paramref name="domain"/>, keeping <paramref name="featureDim"/> features per elite.</summary>
    public static CellArchive<TextGenome> Create(TextDomain domain, int featureDim = 0)
    {
        ArgumentNullException.ThrowIfNull(domain);
        domain.Validate();
        var options = new ArchiveOptions<TextGenome> { Codec = TextGenomeCodec.Instance, FeatureDim = featureDim };
        if (domain.IsCategorical) return new CategoricalArchive<TextGenome>(1, domain.Axes.Select(a => a.Labels).ToArray(), options);
        return new GridArchive<TextGenome>(1, domain.Axes.Select(a => GridAxis.FromEdges(a.Edges, a.Name)).ToArray(), options);
    }
}
