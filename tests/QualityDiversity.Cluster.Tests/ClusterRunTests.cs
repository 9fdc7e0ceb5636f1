using System.Globalization;
using QualityDiversity.Cli;
using QualityDiversity.Cluster.Coordinator;
using QualityDiversity.Cluster.Tests.Support;
using QualityDiversity.Cluster.Worker;
using QualityDiversity.Experiments;
using QualityDiversity.Experiments.Configuration;

namespace QualityDiversity.Cluster.Tests;

/// <summary>
/// Runs whose batches in-process worker silos evaluate: a learned-measure (QDHF) search, and
/// <c>qd resume</c> of a cluster run on the cluster or with <c>--local</c>. Each ends with the
/// files of the same run evaluated in one process.
/// </summary>
public sealed class ClusterRunTests(WorkerCluster workers) : IClassFixture<WorkerCluster>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("qd-cluster-run-").FullName;

    [Fact]
    public async Task LearnedMeasureSearchOnTheClusterEqualsTheLocalRun()
    {
        var config = (SearchConfig)ExperimentConfig.Parse("""
            {
              "name": "arm-qdhf-cluster", "seed": 3, "iterations": 24, "checkpoint_every": 10,
              "task": { "name": "arm", "dim": 8 },
              "archive": { "type": "grid", "dims": [20, 20], "ranges": [[-8, 8], [-8, 8]], "qd_score_offset": -900 },
              "initial_population": { "count": 60, "low": -3.141592653589793, "high": 3.141592653589793 },
              "emitters": [ { "type": "gaussian", "sigma": 0.1, "batch_size": 40 } ],
              "measures": {
                "type": "qdhf", "schedule": "progressive", "judgments": 150,
                "judge": { "type": "simulated", "label_noise": 0.1 }, "score_every": 8
              }
            }
            """);
        string clusterRun = Path.Combine(_root, "cluster"), localRun = Path.Combine(_root, "local");
        ClusterEvaluator? created = null;
        long evaluations;
        using (var run = Experiment.Start(config, clusterRun, task => created = ClusterEvaluator.For(task, workers.Client)))
        {
            await run.RunAsync();
            evaluations = run.Evaluations;
        }
        using (var run = Experiment.Start(config, localRun))
            await run.RunAsync();

        // The workers evaluated every candidate: the search's 1020 (60 + 24 x 40) and the 111 fresh
        // samples of the seeded run's measure updates; the judgments, the learned archive and its
        // ground-truth re-scoring, made on the coordinator, are the local run's.
        Assert.NotNull(created);
        Assert.Equal(1020, evaluations);
        Assert.Equal(1020 + 111, created.Statistics.CandidatesByWorker.Values.Sum());
        foreach (string file in new[] { "archive.csv", "learned-archive.csv" })
            Assert.True(File.ReadAllText(Path.Combine(localRun, file)) == File.ReadAllText(Path.Combine(clusterRun, file)), $"{file} differs from the local run's.");
        Assert.Equal(Judgments(localRun), Judgments(clusterRun));
    }

    // The judgments file without the answer times: the same triplets, items and answers.
    private static string Judgments(string run)
    {
        string text = File.ReadAllText(Path.Combine(run, "judgments.jsonl"));
        Assert.Contains("\"answeredAt\"", text);
        return System.Text.RegularExpressions.Regex.Replace(text, "\"answeredAt\":\"[^\"]*\"", "\"answeredAt\":\"\"");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ResumeGoesOnWhereTheRunEvaluatedOrLocallyWithLocal(bool local)
    {
        // A worker silo on loopback ports, as qd worker starts it (the test cluster's silos talk in memory).
        int[] ports = QdChild.FreePorts(2);
        string clusterId = $"qd-resume-{Guid.NewGuid():N}";
        using var worker = await WorkerSilo.StartAsync(new WorkerOptions { ClusterId = clusterId, SiloPort = ports[0], GatewayPort = ports[1] });
        try
        {
            await ResumeOnTheCluster(local, clusterId, $"\"127.0.0.1:{ports[1].ToString(CultureInfo.InvariantCulture)}\"");
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    private async Task ResumeOnTheCluster(bool local, string clusterId, string gateways)
    {
        string config = Path.Combine(_root, "lp.json");
        File.WriteAllText(config, $$"""
            {
              "name": "lp-cluster", "seed": 5, "iterations": 40, "checkpoint_every": 10,
              "task": { "name": "lp-sphere", "dim": 6 },
              "archive": { "type": "grid", "dims": [16, 16] },
              "emitters": [ { "type": "gaussian", "sigma": 0.2, "batch_size": 24 } ],
              "evaluation": { "cluster": { "cluster_id": "{{clusterId}}", "gateways": [{{gateways}}] } }
            }
            """);
        string dir = Path.Combine(_root, local ? "local-resume" : "cluster-resume");

        var started = Qd("run", config, "--out", dir, "--iterations", "15");
        Assert.True(started.Code == 0, started.Out + started.Err);
        Assert.Contains("Cluster: 15 batches", started.Out);
        var resumed = local ? Qd("resume", dir, "--iterations", "40", "--local") : Qd("resume", dir, "--iterations", "40");
        Assert.True(resumed.Code == 0, resumed.Out + resumed.Err);

        // The run was started on the cluster: its resume evaluates the last 25 iterations there, unless --local.
        if (local) Assert.DoesNotContain("Cluster: ", resumed.Out);
        else Assert.Contains("Cluster: 25 batches", resumed.Out);
        string reference = Path.Combine(_root, local ? "local-reference" : "cluster-reference");
        var uninterrupted = (SearchConfig)ExperimentConfig.Load(config) with { Cluster = null };
        using (var run = Experiment.Start(uninterrupted, reference))
            await run.RunAsync();
        Assert.Equal(File.ReadAllText(Path.Combine(reference, "archive.csv")), File.ReadAllText(Path.Combine(dir, "archive.csv")));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static (int Code, string Out, string Err) Qd(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
