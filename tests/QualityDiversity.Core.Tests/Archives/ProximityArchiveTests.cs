using QualityDiversity.Archives;
using QualityDiversity.Core.Tests.Support;
using QualityDiversity.Randomness;
using QualityDiversity.Solutions;

namespace QualityDiversity.Core.Tests.Archives;

public class ProximityArchiveTests
{
    private static ProximityArchive<double> Archive(double threshold, int k = 15, bool localCompetition = false, int initialCapacity = 128,
        int? cells = null, ArchiveOptions<double>? options = null) =>
        new(1, 1, threshold, k, localCompetition, initialCapacity, cells, options);

    // Elites at 0, 1, 2 and 10 on a line, objectives 1, 2, 3, 4.
    private static ProximityArchive<double> Line(int k, bool localCompetition = false)
    {
        var archive = Archive(0.5, k, localCompetition);
        archive.Add(Batches.Indexed([1.0, 2.0, 3.0, 4.0], [0.0], [1.0], [2.0], [10.0]));
        Assert.Equal(4, archive.Count);
        return archive;
    }

    [Fact]
    public void Empty_archive_adds_every_candidate_in_order_with_the_threshold_as_novelty()
    {
        var archive = Archive(0.5);
        var result = archive.Add(Batches.Indexed([1.0, 2.0, 3.0], [0.0], [0.01], [0.0]));
        Assert.All(result.Status, s => Assert.Equal(AddStatus.New, s));
        Assert.All(result.Value, v => Assert.Equal(0.5, v));
        Assert.Equal(3, archive.Count);
        Assert.Equal([0, 1, 2], archive.Store.OccupiedSlots.ToArray());
        Assert.Equal(2.0, archive.Store.Solution(2)[0]);
        Assert.Equal(3.0, archive.Store.Threshold(2)); // each slot's threshold is its objective
    }

    [Fact]
    public void Novelty_is_the_mean_distance_to_the_k_nearest_elites()
    {
        var novelty = new double[3];
        Line(2).ComputeNovelty([0.5, 1.5, 20.0], novelty);
        Assert.Equal([0.5, 0.5, 14.0], novelty); // 20: nearest 10 and 2
        Line(3).ComputeNovelty([0.5], novelty);
        Assert.Equal((0.5 + 0.5 + 1.5) / 3, novelty[0], 12);
        // Fewer elites than k: the mean over all of them.
        Line(15).ComputeNovelty([0.5], novelty);
        Assert.Equal((0.5 + 0.5 + 1.5 + 9.5) / 4, novelty[0], 12);
        Archive(0.7).ComputeNovelty([3.0], novelty);
        Assert.Equal(0.7, novelty[0]);
    }

    [Fact]
    public void Candidates_reaching_the_threshold_are_new_with_their_novelty_as_value()
    {
        var archive = Line(1);
        // Novelties (k = 1): 0.5 (at the threshold), 0.25, 0.75, 0 (duplicate of an elite).
        var result = archive.Add(Batches.Indexed([0.0, 9.0, 0.0, 9.0], [1.5], [1.75], [-0.75], [2.0]));
        Assert.Equal([AddStatus.New, AddStatus.NotAdded, AddStatus.New, AddStatus.NotAdded], result.Status);
        Assert.Equal([0.5, 0.25 - 0.5, 0.75, -0.5], result.Value);
        Assert.Equal(6, archive.Count);
        Assert.Equal(1.5, archive.Store.Measures(4)[0]);
        Assert.Equal(-0.75, archive.Store.Measures(5)[0]);
        Assert.Equal(3.0, archive.Store.Objective(2)); // no local competition: the elite at 2 stays
    }

    [Fact]
    public void Novel_candidates_of_one_batch_do_not_see_each_other()
    {
        var archive = Line(1);
        var result = archive.Add(Batches.Indexed([1.0, 1.0], [5.0], [5.01]));
        Assert.Equal([AddStatus.New, AddStatus.New], result.Status);
        Assert.Equal(6, archive.Count);
        // The next batch does see them.
        Assert.Equal(AddStatus.NotAdded, archive.Add(Batches.Indexed([1.0], [5.1])).Status[0]);
    }

    [Fact]
    public void Local_competition_replaces_the_nearest_elite_when_the_objective_is_higher()
    {
        var archive = Line(1, localCompetition: true);
        // 1.9 is nearest 2 (objective 3): 5 beats it; 0.1 is nearest 0 (objective 1): 0.5 does not; 7 is novel.
        var result = archive.Add(Batches.Indexed([5.0, 0.5, -3.0], [1.9], [0.1], [7.0]));
        Assert.Equal([AddStatus.ImprovedExisting, AddStatus.NotAdded, AddStatus.New], result.Status);
        Assert.Equal([2.0, -0.5, -3.0], result.Value); // a new candidate's value is its objective, as in pyribs
        Assert.Equal(5, archive.Count);
        Assert.Equal(5.0, archive.Store.Objective(2));
        Assert.Equal(1.9, archive.Store.Measures(2)[0]);
        Assert.Equal(0.0, archive.Store.Solution(2)[0]);
        Assert.Equal(5.0, archive.Store.Threshold(2));
        Assert.Equal(7.0, archive.Store.Measures(4)[0]);
    }

    [Fact]
    public void Under_local_competition_new_candidates_can_be_valued_by_novelty_instead()
    {
        var pyribs = Archive(0.5, k: 1, localCompetition: true);
        var novelty = new ProximityArchive<double>(1, 1, 0.5, k: 1, localCompetition: true) { NoveltyValueForNew = true };
        // Empty archive: the objective, or the threshold standing in for the novelty.
        Assert.Equal([4.0, -2.0], pyribs.Add(Batches.Indexed([4.0, -2.0], [0.0], [1.0])).Value);
        Assert.Equal([0.5, 0.5], novelty.Add(Batches.Indexed([4.0, -2.0], [0.0], [1.0])).Value);
        // A novel candidate at 3: its objective, or its distance to the nearest elite (at 1).
        Assert.Equal(7.0, pyribs.Add(Batches.Indexed([7.0], [3.0])).Value[0]);
        Assert.Equal(2.0, novelty.Add(Batches.Indexed([7.0], [3.0])).Value[0]);
    }

    [Fact]
    public void Local_competition_conflicts_go_to_the_best_then_the_first()
    {
        var archive = Line(1, localCompetition: true);
        // All three challenge the elite at 1 (objective 2); 6 and 6 tie, the first of them wins.
        var result = archive.Add(Batches.Indexed([4.0, 6.0, 6.0], [1.1], [0.9], [1.2]));
        Assert.All(result.Status, s => Assert.Equal(AddStatus.ImprovedExisting, s));
        Assert.Equal([2.0, 4.0, 4.0], result.Value);
        Assert.Equal(4, archive.Count);
        Assert.Equal(6.0, archive.Store.Objective(1));
        Assert.Equal(1.0, archive.Store.Solution(1)[0]);
        Assert.Equal(0.9, archive.Store.Measures(1)[0]);
    }

    [Fact]
    public void Nearest_elite_ties_go_to_the_lower_slot()
    {
        var archive = Archive(1.0, k: 1, localCompetition: true);
        archive.Add(Batches.Indexed([1.0, 2.0], [0.0], [1.0]));
        Assert.Equal(0, archive.FindSlot([0.5]));
        var result = archive.Add(Batches.Indexed([10.0], [0.5])); // equidistant from slots 0 and 1
        Assert.Equal(AddStatus.ImprovedExisting, result.Status[0]);
        Assert.Equal(9.0, result.Value[0]);
        Assert.Equal(10.0, archive.Store.Objective(0));
        Assert.Equal(2.0, archive.Store.Objective(1));
    }

    [Fact]
    public void Archive_grows_beyond_its_initial_capacity()
    {
        var archive = Archive(0.5, k: 3, initialCapacity: 2);
        for (int round = 0; round < 10; round++)
        {
            var measures = Enumerable.Range(0, 7).Select(i => new[] { round * 7.0 + i }).ToArray();
            archive.Add(Batches.Indexed(measures.Select(m => m[0] * 10).ToArray(), measures));
        }
        Assert.Equal(70, archive.Count);
        Assert.True(archive.Capacity >= 70);
        Assert.Equal(2, archive.CellCount);
        for (int slot = 0; slot < 70; slot++)
        {
            Assert.Equal(slot, archive.Store.Measures(slot)[0]);
            Assert.Equal(slot * 10.0, archive.Store.Objective(slot));
            Assert.Equal(slot, archive.FindSlot([slot + 0.3]));
        }
        Assert.Equal(35.0, archive.Statistics.Coverage); // 70 elites over the 2 "cells" (see remarks)
    }

    [Fact]
    public void FindSlot_is_the_nearest_elite_or_minus_one_when_empty()
    {
        var archive = Archive(0.5);
        Assert.Equal(-1, archive.FindSlot([3.0]));
        archive.Add(Batches.Indexed([1.0, 1.0, 1.0], [0.0], [4.0], [2.0]));
        Assert.Equal(1, archive.FindSlot([3.5]));
        Assert.Equal(2, archive.FindSlot([2.9]));
        Assert.Equal("measures", Assert.Throws<ArgumentException>(() => archive.FindSlot([1.0, 2.0])).ParamName);
        archive.Clear();
        Assert.Equal(-1, archive.FindSlot([3.0]));
        archive.Add(Batches.Indexed([1.0], [7.0]));
        Assert.Equal([0], archive.Store.OccupiedSlots.ToArray());
        Assert.Equal(0, archive.FindSlot([3.0]));
    }

    [Theory]
    [InlineData(double.NaN, 0.5, "objectives")]
    [InlineData(1.0, double.NegativeInfinity, "measures")]
    public void Malformed_batches_are_rejected_and_leave_the_archive_unchanged(double objective, double measure, string field)
    {
        var archive = Line(2, localCompetition: true);
        string before = Batches.Snapshot(archive);
        var stats = archive.Statistics;
        var error = Assert.Throws<ArchiveInputException>(() => archive.Add(Batches.Indexed([9.0, 9.0, objective], [0.0], [50.0], [measure])));
        Assert.Equal(2, error.CandidateIndex);
        Assert.Equal(field, error.Field);
        Assert.Equal(before, Batches.Snapshot(archive));
        Assert.Equal(stats, archive.Statistics);
        var wrongDim = new CandidateBatch<double>(new SolutionBatch<double>(new double[2], 1), new double[] { 1, 2 }, new double[] { 0.1 });
        Assert.Equal("measures", Assert.Throws<ArchiveInputException>(() => archive.Add(wrongDim)).Field);
        Assert.Equal(before, Batches.Snapshot(archive));
    }

    [Fact]
    public void Statistics_use_the_cell_count_for_statistics_and_the_offset()
    {
        var archive = Archive(0.5, cells: 8, options: new ArchiveOptions<double> { QdScoreOffset = -2 });
        archive.Add(Batches.Indexed([1.0, -1.0, 3.0], [0.0], [1.0], [2.0]));
        var stats = archive.Statistics;
        Assert.Equal(3, stats.Elites);
        Assert.Equal(8, stats.Cells);
        Assert.Equal(3.0 / 8, stats.Coverage);
        Assert.Equal(3 + 1 + 5, stats.QdScore, 12);
        Assert.Equal(9.0 / 8, stats.NormalizedQdScore, 12);
        Assert.Equal(3.0, stats.MaxObjective);
        Assert.Equal(1.0, stats.MeanObjective, 12);
        Assert.Equal(2, stats.BestSlot);
        Assert.Equal(128, Archive(0.5).CellCount); // defaults to the initial capacity
    }

    [Fact]
    public void Checkpoint_round_trip_restores_identical_elites_and_behaviour()
    {
        var archive = new ProximityArchive<double>(2, 2, 0.1, k: 4, localCompetition: true, initialCapacity: 4);
        var random = new RandomSource(12);
        CandidateBatch<double> NextBatch()
        {
            var objectives = Enumerable.Range(0, 20).Select(_ => random.NextDouble(0, 10)).ToArray();
            var measures = objectives.Select(_ => new[] { random.NextDouble(), random.NextDouble() }).ToArray();
            return Batches.Of(objectives.Select(o => new[] { o, 2 * o }).ToArray(), objectives, measures);
        }
        for (int round = 0; round < 5; round++) archive.Add(NextBatch());
        Assert.True(archive.Count > 4);

        using var stream = new MemoryStream();
        archive.WriteState(new BinaryWriter(stream));
        var restored = new ProximityArchive<double>(2, 2, 0.1, k: 4, localCompetition: true, initialCapacity: 4);
        restored.Add(NextBatch()); // overwritten by the checkpoint
        stream.Position = 0;
        restored.ReadState(new BinaryReader(stream));
        Assert.Equal(Batches.Snapshot(archive), Batches.Snapshot(restored));
        Assert.Equal(archive.Statistics, restored.Statistics);

        var batch = NextBatch();
        var a = archive.Add(batch);
        var b = restored.Add(batch);
        Assert.Equal(a.Status, b.Status);
        Assert.Equal(a.Value, b.Value);
        Assert.Equal(Batches.Snapshot(archive), Batches.Snapshot(restored));
    }

    [Fact]
    public void Sampling_returns_only_occupied_slots()
    {
        var archive = Archive(0.5, initialCapacity: 64);
        archive.Add(Batches.Indexed([1.0, 2.0, 3.0], [0.0], [5.0], [9.0]));
        var slots = new int[300];
        archive.SampleSlots(new RandomSource(2), slots);
        Assert.Equal(new HashSet<int> { 0, 1, 2 }, slots.ToHashSet());
    }

    [Fact]
    public void Constructor_arguments_are_validated()
    {
        Assert.Equal("noveltyThreshold", Assert.Throws<ArgumentOutOfRangeException>(() => Archive(0)).ParamName);
        Assert.Equal("noveltyThreshold", Assert.Throws<ArgumentOutOfRangeException>(() => Archive(double.NaN)).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => Archive(1, k: 0)).ParamName);
        Assert.Equal("initialCapacity", Assert.Throws<ArgumentOutOfRangeException>(() => Archive(1, initialCapacity: 0)).ParamName);
        Assert.Equal("cellCountForStatistics", Assert.Throws<ArgumentOutOfRangeException>(() => Archive(1, cells: 0)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => Archive(1, options: new ArchiveOptions<double> { LearningRate = 0.5 })).ParamName);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Random_batches_match_a_brute_force_model(bool localCompetition)
    {
        const int k = 5, d = 3;
        const double threshold = 0.35;
        var archive = new ProximityArchive<double>(1, d, threshold, k, localCompetition, initialCapacity: 8);
        var model = new List<(double Objective, double[] Measures, double Solution)>();
        var random = new RandomSource(localCompetition ? 31 : 30);
        int candidate = 0;
        for (int round = 0; round < 30; round++)
        {
            int n = 1 + random.NextInt(12);
            var objectives = Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble(0, 4), 1)).ToArray();
            var measures = objectives.Select(_ => Enumerable.Range(0, d).Select(_ => random.NextDouble()).ToArray()).ToArray();
            var solutions = objectives.Select(_ => new[] { (double)candidate++ }).ToArray();
            var result = archive.Add(Batches.Of(solutions, objectives, measures));

            // Model: judge everything against the archive before the batch.
            int before = model.Count;
            var winners = new Dictionary<int, int>();
            for (int i = 0; i < n; i++)
            {
                var ranked = Enumerable.Range(0, before)
                    .Select(s => (Dist: Math.Sqrt(model[s].Measures.Zip(measures[i], (x, y) => (x - y) * (x - y)).Sum()), Slot: s))
                    .OrderBy(t => t.Dist).ThenBy(t => t.Slot).ToArray();
                double novelty = before == 0 ? threshold : ranked.Take(k).Average(t => t.Dist);
                if (novelty >= threshold)
                {
                    Assert.Equal(AddStatus.New, result.Status[i]);
                    Assert.Equal(localCompetition ? objectives[i] : novelty, result.Value[i], 9);
                }
                else if (!localCompetition)
                {
                    Assert.Equal(AddStatus.NotAdded, result.Status[i]);
                    Assert.Equal(novelty - threshold, result.Value[i], 9);
                }
                else
                {
                    int nearest = ranked[0].Slot;
                    double gain = objectives[i] - model[nearest].Objective;
                    Assert.Equal(gain > 0 ? AddStatus.ImprovedExisting : AddStatus.NotAdded, result.Status[i]);
                    Assert.Equal(gain, result.Value[i], 12);
                    if (gain > 0 && (!winners.TryGetValue(nearest, out int w) || objectives[i] > objectives[w])) winners[nearest] = i;
                }
            }
            foreach (var (slot, i) in winners) model[slot] = (objectives[i], measures[i], solutions[i][0]);
            for (int i = 0; i < n; i++)
                if (result.Status[i] == AddStatus.New) model.Add((objectives[i], measures[i], solutions[i][0]));

            Assert.Equal(model.Count, archive.Count);
            for (int s = 0; s < model.Count; s++)
            {
                Assert.Equal(model[s].Objective, archive.Store.Objective(s));
                Assert.Equal(model[s].Solution, archive.Store.Solution(s)[0]);
                Assert.Equal(model[s].Measures, archive.Store.Measures(s).ToArray());
            }
        }
        Assert.True(archive.Count > 8, "the archive should have grown past its initial capacity");
    }
}
