using QualityDiversity.Text.Genomes;

namespace QualityDiversity.Text.Selection;

/// <summary>The few-shot examples chosen for one variation step, in prompt order.</summary>
/// <param name="Examples">The example texts.</param>
/// <param name="Parent">The text the step is centred on (for lineage), or null when there is none.</param>
public sealed record FewShotSelection(IReadOnlyList<TextGenome> Examples, TextGenome? Parent)
{
    /// <summary>Ids recorded as the child's parents: the centre first, then the other examples.</summary>
    public IReadOnlyList<long> ParentIds
    {
        get
        {
            var ids = new List<long>(Examples.Count + 1);
            if (Parent is not null) ids.Add(Parent.Id);
            foreach (var e in Examples)
                if (!ids.Contains(e.Id)) ids.Add(e.Id);
            return ids;
        }
    }
}
