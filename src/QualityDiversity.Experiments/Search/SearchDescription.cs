using System.Globalization;
using QualityDiversity.Experiments.Configuration;
using QualityDiversity.Experiments.Search;

namespace QualityDiversity.Experiments.Search;

/// <summary>One-line human descriptions of a search, printed when it starts.</summary>
internal static class SearchDescription
{
    /// <summary>Task, archive, emitters, length and seed.</summary>
    public static string Describe(SearchSetup setup)
    {
        var c = setup.Config;
        int emitters = c.Emitters.Sum(e => e.Count);
        string archive = Describe(c.Archive) + (c.ResultArchive is null ? string.Empty : $" (result: {Describe(c.ResultArchive)})");
        string scheduler = c.Scheduler is BanditSchedulerConfig bandit ? $" under a bandit scheduler ({bandit.NumActive} active)" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"{setup.Task.Name}, {archive}, {emitters} emitter{(emitters == 1 ? "" : "s")} ({string.Join(", ", c.Emitters.Select(Describe).Distinct())}){scheduler}, {c.Iterations} iterations, seed {c.Seed}");
    }

    /// <summary>Task, measure source, schedule, judge, archive, emitter, length and seed of a learned-measure search.</summary>
    public static string Describe(LearnedSearchSetup setup)
    {
        var c = setup.Config;
        var m = setup.Measures;
        var text = CultureInfo.InvariantCulture;
        string source = m.Type switch
        {
            MeasuresConfig.Qdhf => string.Create(text, $"QDHF measures learned from {m.Judgments:N0} judgments by {setup.Judge!.Name}") +
                (m.Judge.Type == JudgeConfig.Simulated ? string.Create(text, $" (label noise {m.Judge.LabelNoise * 100:0.##}%)") : string.Empty),
            MeasuresConfig.AuroraPca => "AURORA measures from PCA of the features",
            MeasuresConfig.AuroraAe => "AURORA measures from an autoencoder of the features",
            _ => "ground-truth measures",
        };
        string updates = string.Join(", ", m.ScheduleFor(c.Iterations).Iterations);
        return string.Create(text,
            $"{setup.Task.Name}, {source}, updated at iterations {updates}, {Describe(c.Archive)} ({Describe(c.Emitters[0])}), {c.Iterations} iterations, seed {c.Seed}, ground truth scored every {m.ScoreEvery}");
    }

    private static string Describe(EmitterConfig emitter) => emitter switch
    {
        EvolutionStrategyEmitterConfig es => $"{es.Es} {es.Ranker}/{es.SelectionRule}/{es.RestartRule}",
        _ => emitter.Type,
    };

    private static string Describe(ArchiveConfig archive) => archive switch
    {
        GridArchiveConfig { Dims: { } dims } => $"{string.Join("x", dims)} grid",
        GridArchiveConfig grid => $"{string.Join("x", grid.Edges!.Select(e => e.Length - 1))} grid",
        CvtArchiveConfig cvt => $"CVT archive of {cvt.Cells} cells",
        ProximityArchiveConfig p => $"proximity archive (k {p.K}, novelty threshold {p.NoveltyThreshold})",
        CategoricalArchiveConfig c => $"{string.Join("x", c.Labels.Select(l => l.Length))} categorical archive",
        SlidingBoundariesArchiveConfig s => $"{string.Join("x", s.Dims)} sliding-boundaries archive (remap every {s.RemapFrequency}, buffer {s.BufferCapacity})",
        DominatedNoveltyArchiveConfig dns => $"dominated-novelty archive (capacity {dns.Capacity}, k {dns.K})",
        DensityArchiveConfig density => $"density archive (KDE bandwidth {density.Bandwidth}, buffer {density.BufferSize}{(density.Reservoir == QualityDiversity.Archives.ReservoirRule.Pyribs ? ", pyribs reservoir" : "")})",
        _ => $"{archive.Type} archive",
    };

    /// <summary>Domain, mode, model, variation and length of a text search.</summary>
    public static string Describe(Text.TextRunConfig c) => c.UsesLlm
        ? $"QDAIF on '{c.Domain}' with {c.Llm!.Model} at {c.Llm.Endpoint} ({c.Variation} variation), {c.Steps} steps in batches of {c.BatchSize}"
        : $"offline text search on '{c.Domain}' (sentence recombination scored by the local embedding model; not QDAIF), {c.Steps} steps";
}
