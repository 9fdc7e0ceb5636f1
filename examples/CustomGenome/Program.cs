using CustomGenome;
using QualityDiversity.Archives;

// Evolve melodies for 300 iterations of 32 candidates, checkpointing as a long run would.
string checkpoint = Path.Combine(Path.GetTempPath(), $"melodies-{Environment.ProcessId}.ckpt");
var runner = Melodies.Build(seed: 1);
try
{
    await runner.RunAsync(300, checkpoint, checkpointEvery: 100);
}
finally
{
    File.Delete(checkpoint);
}

var archive = runner.Scheduler.Archive;
var stats = archive.Statistics;
Console.WriteLine($"{runner.Evaluations} melodies evaluated, {runner.FailedEvaluations} failed");
Console.WriteLine($"QD score {stats.QdScore:F2} ({stats.NormalizedQdScore:F3} per cell), coverage {stats.Coverage:P0} of {stats.Cells} cells, best {stats.MaxObjective:F3}");
var data = archive.ToData();
foreach (int row in Enumerable.Range(0, data.Count).OrderByDescending(r => data.Objective[r] + data.Measures[2 * r]).Take(3))
    Console.WriteLine($"  consonance {data.Objective[row]:F2}, range {data.Measures[2 * row] * 24:F0} semitones, rising {data.Measures[2 * row + 1]:P0}: {data.Solutions[row]}");
