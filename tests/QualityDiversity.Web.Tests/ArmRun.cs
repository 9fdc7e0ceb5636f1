using QualityDiversity.Domains;
using QualityDiversity.Learning.Judges;
using QualityDiversity.Learning.Judgments;

namespace QualityDiversity.Web.Tests;

/// <summary>A web-judged QDHF arm run in a fresh directory, and the simulated person's answers to its questions.</summary>
internal sealed class ArmRun : IDisposable
{
    // Two joints: the hand's position is linear in the 4 features, so 100 answers pin the projection down.
    public const int Joints = 2;

    private readonly RoboticArmTask _task = new(Joints);
    private readonly SimulatedJudge _judge;

    public ArmRun(int judgments, int iterations = 3)
    {
        Directory = Path.Combine(Path.GetTempPath(), "qd-web-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        // 100 answers leave 75 to train on, 2 Adam steps an epoch: a patience of 100 epochs ended fits
        // before they converged (validation accuracy 0.4-0.88); 1000 lets them run their course (1.0 on seeds 7-9).
        File.WriteAllText(Path.Combine(Directory, "config.json"), $$"""
            {
              "name": "arm-web",
              "seed": 7,
              "iterations": {{iterations}},
              "task": { "name": "arm", "dim": {{Joints}} },
              "archive": { "type": "grid", "dims": [10, 10], "ranges": [[-1, 1], [-1, 1]] },
              "initial_population": { "count": 50, "low": -3.141592653589793, "high": 3.141592653589793 },
              "emitters": [ { "type": "gaussian", "sigma": 0.1, "batch_size": 20 } ],
              "measures": { "type": "qdhf", "schedule": "once", "judgments": {{judgments}}, "judge": { "type": "web" },
                            "fit": "best_validation", "patience": 1000, "score_every": 1 }
            }
            """);
        var features = new double[_task.FeatureDim];
        _judge = new SimulatedJudge((item, measures) => _task.EvaluateOne(item.Solution!, measures, features), _task.MeasureDim);
    }

    public string Directory { get; }

    public string JudgmentsPath => Path.Combine(Directory, "judgments.jsonl");

    /// <summary>The simulated person's answer to <paramref name="triplet"/>: the candidate whose hand is nearer the reference's.</summary>
    public TripletAnswer Answer(Triplet triplet)
    {
        var answers = _judge.JudgeAsync([triplet]).AsTask().GetAwaiter().GetResult();
        return answers.Single().Answer;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
