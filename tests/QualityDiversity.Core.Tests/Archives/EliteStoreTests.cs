using QualityDiversity.Archives;

namespace QualityDiversity.Core.Tests.Archives;

/// <summary>
/// The elite store packs its elites' rows as they come and go; every slot still reads back what
/// was last written to it, and empty slots read as defaults.
/// </summary>
public class EliteStoreTests
{
    [Fact]
    public void Random_writes_and_removals_read_back_like_a_dictionary()
    {
        const int slots = 200, width = 3;
        var store = new EliteStore<double>(slots, width, measureDim: 2, featureDim: 1, initialThreshold: -1);
        var model = new Dictionary<int, (double[] Solution, double Objective, double[] Measures, double[] Features)>();
        var random = new System.Random(11);
        for (int step = 0; step < 5_000; step++)
        {
            int slot = random.Next(slots);
            if (random.NextDouble() < 0.35)
            {
                store.Remove(slot);
                model.Remove(slot);
            }
            else
            {
                var elite = (Enumerable.Range(0, width).Select(_ => random.NextDouble()).ToArray(), random.NextDouble(),
                    new[] { random.NextDouble(), random.NextDouble() }, new[] { random.NextDouble() });
                store.Set(slot, elite.Item1, elite.Item2, elite.Item3, elite.Item4);
                model[slot] = elite;
            }
            if (step % 97 != 0) continue;
            Assert.Equal(model.Count, store.Count);
            Assert.Equal(model.Keys.Order(), store.OccupiedSlots.ToArray().Order());
            for (int s = 0; s < slots; s++)
            {
                Assert.Equal(model.ContainsKey(s), store.IsOccupied(s));
                if (model.TryGetValue(s, out var expected))
                {
                    Assert.Equal(expected.Solution, store.Solution(s).ToArray());
                    Assert.Equal(expected.Objective, store.Objective(s));
                    Assert.Equal(expected.Measures, store.Measures(s).ToArray());
                    Assert.Equal(expected.Features, store.Features(s).ToArray());
                }
                else
                {
                    Assert.Equal(new double[width], store.Solution(s).ToArray());
                    Assert.Equal(new double[2], store.Measures(s).ToArray());
                }
            }
        }
    }

    [Fact]
    public void A_removal_moves_the_last_elite_into_the_freed_row_and_empty_slots_read_as_null()
    {
        var store = new EliteStore<string>(4, 1, measureDim: 1, featureDim: 0, initialThreshold: 0);
        store.Set(0, ["a"], 1, [0.0], default);
        store.Set(1, ["b"], 2, [0.0], default);
        store.Remove(0);
        Assert.Equal("b", store.Solution(1)[0]);
        Assert.Null(store.Solution(0)[0]);
        store.Remove(1);
        Assert.Equal(0, store.Count);
    }
}
