using QualityDiversity.Archives;
using QualityDiversity.Emitters;
using QualityDiversity.Emitters.Operators;
using QualityDiversity.Persistence;
using QualityDiversity.Randomness;
using QualityDiversity.Solutions;

namespace QualityDiversity.Core.Tests.Emitters;

public class GeneticAlgorithmEmitterTests
{
    private static GridArchive<string> TextArchive() => new(1, [10], [(0, 10)]);

    private static void AddTexts(GridArchive<string> archive, params string[] texts) =>
        archive.Add(new CandidateBatch<string>(new SolutionBatch<string>(texts, 1), texts.Select(t => (double)t.Length).ToArray(),
            texts.Select(t => t.Length + 0.5).ToArray()));

    private static readonly IVariationOperator<string> AppendLetter =
        VariationOperators.Mutation<string>((text, random) => text + (char)('a' + random.NextInt(26)));

    [Fact]
    public void Children_come_from_seeds_while_the_archive_is_empty_and_from_elites_after()
    {
        var archive = TextArchive();
        var emitter = new GeneticAlgorithmEmitter<string>(archive, AppendLetter, 200, new RandomSource(3), seeds: ["x", "yy"]);

        var first = emitter.Ask().Data.ToArray();
        Assert.Equal(200, first.Length);
        Assert.All(first, c => Assert.True(c.Length == 2 && c[0] == 'x' || c.Length == 3 && c.StartsWith("yy")));
        Assert.Contains(first, c => c[0] == 'x');
        Assert.Contains(first, c => c[0] == 'y');

        AddTexts(archive, "abcd", "qrstuvw");
        var second = emitter.Ask().Data.ToArray();
        Assert.All(second, c => Assert.True(c.StartsWith("abcd") && c.Length == 5 || c.StartsWith("qrstuvw") && c.Length == 8));
    }

    [Fact]
    public void Initial_solutions_are_proposed_unchanged_and_a_start_without_parents_is_an_error()
    {
        var archive = TextArchive();
        var withInitial = new GeneticAlgorithmEmitter<string>(archive, AppendLetter, 5, new RandomSource(1), initialSolutions: ["a", "b"]);
        Assert.Equal(["a", "b"], withInitial.Ask().Data.ToArray());

        var without = new GeneticAlgorithmEmitter<string>(archive, AppendLetter, 5, new RandomSource(1));
        var error = Assert.Throws<InvalidOperationException>(() => without.Ask());
        Assert.Contains("neither initial solutions nor seed parents", error.Message);
        Assert.Equal("seeds", Assert.Throws<ArgumentException>(() => new GeneticAlgorithmEmitter<string>(archive, AppendLetter, 5, new RandomSource(1), seeds: [])).ParamName);
    }

    [Fact]
    public void Same_seed_gives_the_same_batches_and_a_restored_emitter_continues_the_stream()
    {
        var archive = TextArchive();
        AddTexts(archive, "a", "bb", "ccc");
        var crossThenMutate = VariationOperators.Crossover<string>((a, b, random) => a[..(1 + random.NextInt(a.Length))] + b)
            .Then(AppendLetter);
        var a = new GeneticAlgorithmEmitter<string>(archive, crossThenMutate, 16, new RandomSource(8));
        var b = new GeneticAlgorithmEmitter<string>(archive, crossThenMutate, 16, new RandomSource(8));
        Assert.Equal(a.Ask().Data.ToArray(), b.Ask().Data.ToArray());

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) a.WriteState(writer);
        var expected = a.Ask().Data.ToArray();
        stream.Position = 0;
        var restored = new GeneticAlgorithmEmitter<string>(archive, crossThenMutate, 16, new RandomSource(999));
        restored.ReadState(new BinaryReader(stream));
        Assert.Equal(expected, restored.Ask().Data.ToArray());
    }

    /// <summary>Tags children with a running count: state the emitter must checkpoint.</summary>
    private sealed class CountingOperator : IVariationOperator<string>, ICheckpointable
    {
        public int Made { get; private set; }
        public int ParentCount => 1;

        public void Vary(ParentSource<string> parents, Span<string> children, RandomSource random)
        {
            var chosen = parents.Draw();
            for (int i = 0; i < parents.ChildCount; i++) children[i] = $"{chosen[i][0]}#{Made++}";
        }

        public void WriteState(BinaryWriter writer) => writer.Write(Made);
        public void ReadState(BinaryReader reader) => Made = reader.ReadInt32();
    }

    [Fact]
    public void A_stateful_operator_is_checkpointed_with_the_emitter()
    {
        var archive = TextArchive();
        var emitter = new GeneticAlgorithmEmitter<string>(archive, new CountingOperator(), 3, new RandomSource(2), seeds: ["s"]);
        emitter.Ask();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) emitter.WriteState(writer);
        stream.Position = 0;
        var restored = new GeneticAlgorithmEmitter<string>(archive, new CountingOperator(), 3, new RandomSource(2), seeds: ["s"]);
        restored.ReadState(new BinaryReader(stream));
        Assert.Equal(["s#3", "s#4", "s#5"], restored.Ask().Data.ToArray());
    }

    [Fact]
    public void Function_operators_refuse_rows_wider_than_one_object()
    {
        var archive = new GridArchive<string>(2, [10], [(0, 10)]);
        var emitter = new GeneticAlgorithmEmitter<string>(archive, AppendLetter, 2, new RandomSource(1), seeds: ["a", "b"]);
        Assert.Contains("width 2", Assert.Throws<InvalidOperationException>(() => emitter.Ask()).Message);
    }

    [Fact]
    public void A_vector_genetic_algorithm_with_sbx_then_polynomial_mutation_stays_in_bounds()
    {
        var bounds = SolutionBounds.Uniform(3, -1, 1);
        var archive = new GridArchive<double>(3, [8, 8], [(-1, 1), (-1, 1)]);
        var variation = new SimulatedBinaryCrossover(10, bounds).Then(new PolynomialMutation(bounds, eta: 20, mutationProbability: 1));
        var emitter = new GeneticAlgorithmEmitter<double>(archive, variation, 500, new RandomSource(4), seeds: [0.9, -0.9, 0.5, -0.2, 0.3, 0.95]);
        var batch = emitter.Ask();
        Assert.Equal(500, batch.Count);
        Assert.All(batch.Data.ToArray(), v => Assert.InRange(v, -1, 1));
    }
}
