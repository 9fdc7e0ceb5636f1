using QualityDiversity.Archives;
using QualityDiversity.Emitters;
using QualityDiversity.Emitters.Operators;
using QualityDiversity.Evaluation;
using QualityDiversity.Persistence;
using QualityDiversity.Randomness;
using QualityDiversity.Runs;
using QualityDiversity.Schedulers;

namespace CustomGenome;

/// <summary>A melody: pitches in semitones above middle C, 0 to 24, 4 to 16 notes.</summary>
public sealed record Melody(int[] Notes)
{
    private static readonly string[] Names = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];

    /// <summary>Note names with octaves, e.g. "C4 E4 G4".</summary>
    public override string ToString() => string.Join(' ', Notes.Select(n => Names[n % 12] + (4 + n / 12)));
}

/// <summary>MAP-Elites over melodies: consonant melodies of every range and contour.</summary>
public static class Melodies
{
    private static readonly HashSet<int> Consonant = [0, 3, 4, 5, 7, 8, 9, 12]; // unison, thirds, fourth, fifth, sixths, octave

    /// <summary>Quality: the share of consonant steps. Measures: pitch range / 24 and the share of rising steps.</summary>
    public static double Evaluate(ReadOnlySpan<Melody> solution, Span<double> measures, Span<double> features)
    {
        int[] notes = solution[0].Notes;
        int consonant = 0, rising = 0;
        for (int i = 1; i < notes.Length; i++)
        {
            int step = notes[i] - notes[i - 1];
            if (Consonant.Contains(Math.Abs(step))) consonant++;
            if (step > 0) rising++;
        }
        measures[0] = (notes.Max() - notes.Min()) / 24.0;
        measures[1] = rising / (notes.Length - 1.0);
        return consonant / (notes.Length - 1.0);
    }

    /// <summary>Moves one note by up to 5 semitones, or inserts or deletes a note.</summary>
    public static Melody Mutate(Melody melody, RandomSource random)
    {
        var notes = melody.Notes.ToList();
        int at = random.NextInt(notes.Count);
        switch (random.NextInt(3))
        {
            case 0 when notes.Count < 16: notes.Insert(at, random.NextInt(25)); break;
            case 1 when notes.Count > 4: notes.RemoveAt(at); break;
            default: notes[at] = Math.Clamp(notes[at] + random.NextInt(11) - 5, 0, 24); break;
        }
        return new Melody([.. notes]);
    }

    /// <summary>One-point crossover: the start of one melody and the end of the other, cut to 4 to 16 notes.</summary>
    public static Melody Cross(Melody a, Melody b, RandomSource random)
    {
        var notes = a.Notes.Take(1 + random.NextInt(a.Notes.Length)).Concat(b.Notes.Skip(random.NextInt(b.Notes.Length))).Take(16).ToList();
        while (notes.Count < 4) notes.Add(a.Notes[notes.Count % a.Notes.Length]);
        return new Melody([.. notes]);
    }

    /// <summary>A runner over a 10 × 10 grid, starting from a C major arpeggio; checkpoints store melodies as JSON.</summary>
    public static SearchRunner<Melody> Build(long seed)
    {
        var archive = new GridArchive<Melody>(1, [10, 10], [(0, 1), (0, 1)], new ArchiveOptions<Melody> { Codec = SolutionCodecs.Json<Melody>() });
        var variation = VariationOperators.Crossover<Melody>(Cross).Then(VariationOperators.Mutation<Melody>(Mutate));
        var emitter = new GeneticAlgorithmEmitter<Melody>(archive, variation, 32, RandomSource.ForStream(seed, 0), seeds: [new Melody([0, 4, 7, 12])]);
        return new SearchRunner<Melody>(new Scheduler<Melody>(archive, [emitter]), new FunctionEvaluator<Melody>(2, Evaluate));
    }
}
