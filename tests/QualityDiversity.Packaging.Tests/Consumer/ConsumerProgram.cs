using System.Globalization;
using QualityDiversity.Learning.Judgments;
using QualityDiversity.Learning.Measures.Torch;
using QualityDiversity.Packaging.Consumer;
using QualityDiversity.Plotting;
using QualityDiversity.Randomness;

// A program that uses the QualityDiversity packages as a new user would: a MAP-Elites search (Core),
// a QDHF triplet fit on TorchSharp (Learning.Torch) and a heatmap PNG (Plotting).
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: consumer <heatmap.png>");
    return 2;
}

var archive = await ConsumerSearch.RunAsync();
Console.WriteLine(ConsumerSearch.Summary(archive));

// Judgments that an easy 1-D measure separates: the candidate nearer the reference in x[0] is more similar.
var random = new RandomSource(11);
var judgments = new List<Judgment>();
for (int i = 0; i < 400; i++)
{
    double[] r = Point(random), a = Point(random), b = Point(random);
    var answer = Math.Abs(r[0] - a[0]) <= Math.Abs(r[0] - b[0]) ? TripletAnswer.A : TripletAnswer.B;
    judgments.Add(new Judgment(new JudgedItem(r), new JudgedItem(a), new JudgedItem(b), answer, JudgeKind.Simulated, "simulated", DateTimeOffset.UnixEpoch));
}
var fit = new TripletProjectionLearner(new TripletProjectionOptions { Measures = 1, LearningRate = 0.01 }).Fit(judgments, new RandomSource(12));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"validation-accuracy={fit.ValidationAccuracy:R} epochs={fit.Epochs}"));

using (var heatmap = ArchiveFigures.Draw(archive, title: "consumer search"))
    FigureFile.Save(heatmap, args[0], FigureFormat.Png);
Console.WriteLine($"heatmap={args[0]}");
return 0;

static double[] Point(RandomSource random)
{
    var x = new double[4];
    random.FillUniform(x, -1, 1);
    return x;
}
